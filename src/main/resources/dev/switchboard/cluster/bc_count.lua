-- How many subscribers a node has on a channel, for the publish API's recipients.
-- ARGV: incarnation, channel, node, count
local p = channel_key(ARGV[2])
if redis.call('HEXISTS', p .. 'subs', ARGV[3]) == 1 then
  redis.call('HSET', p .. 'subs', ARGV[3], ARGV[4])
end
return {1}
