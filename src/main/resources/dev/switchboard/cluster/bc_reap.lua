-- A dead (or departing) node's subscribers leave every channel. ARGV: incarnation, node, retain seconds
local node = ARGV[2]
local set = 'sb:node:' .. node .. ':channels'
for _, channel in ipairs(redis.call('SMEMBERS', set)) do
  local p = channel_key(channel)
  redis.call('HDEL', p .. 'subs', node)
  retain(p, tonumber(ARGV[3]))
end
redis.call('DEL', set)
return {1}
