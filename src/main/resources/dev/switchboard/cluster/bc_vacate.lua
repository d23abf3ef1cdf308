-- A node's last subscriber left a channel. ARGV: incarnation, channel, node, retain seconds
local channel, node = ARGV[2], ARGV[3]
local p = channel_key(channel)
redis.call('HDEL', p .. 'subs', node)
redis.call('SREM', 'sb:node:' .. node .. ':channels', channel)
retain(p, tonumber(ARGV[4]))
return {1}
