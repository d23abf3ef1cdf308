-- A node has subscribers on a channel (its first one, or again after Redis was away): keep the
-- channel's state, creating it under the new epoch offered if it has none (or it expired).
-- ARGV: incarnation, channel, node, subscribers on that node, a new epoch
local channel, node = ARGV[2], ARGV[3]
local p = channel_key(channel)
redis.call('HSET', p .. 'subs', node, ARGV[4])
redis.call('SADD', 'sb:node:' .. node .. ':channels', channel)
if redis.call('EXISTS', p .. 'epoch') == 0 then
  redis.call('SET', p .. 'epoch', ARGV[5])
  redis.call('SET', p .. 'seq', 0)
  redis.call('DEL', p .. 'hist', p .. 'rate')
end
for _, key in ipairs({'epoch', 'seq', 'hist', 'rate', 'subs'}) do
  redis.call('PERSIST', p .. key)
end
return {redis.call('GET', p .. 'epoch'), tonumber(redis.call('GET', p .. 'seq'))}
