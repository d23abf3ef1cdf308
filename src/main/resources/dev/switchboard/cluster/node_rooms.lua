-- The rooms (or channels: ARGV[3]) where a node has members. ARGV: incarnation, node, kind
return redis.call('SMEMBERS', 'sb:node:' .. ARGV[2] .. ':' .. ARGV[3])
