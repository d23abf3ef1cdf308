-- The heartbeat: node -> last beat (Redis's clock) in sb:nodes. It also establishes the cluster's
-- incarnation: a Redis found without one (first start, FLUSHALL, a restart without persistence)
-- gets the caller's, and the connection id counter jumps past every id the caller has seen plus a
-- margin for ids other nodes reserved since, so that no id is ever handed out twice.
-- ARGV: node, proposed incarnation, highest id counter seen, margin
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('SET', 'sb:inc', ARGV[2], 'NX') then
  local floor = tonumber(ARGV[3]) + tonumber(ARGV[4])
  if tonumber(redis.call('GET', 'sb:ids') or '0') < floor then
    redis.call('SET', 'sb:ids', floor)
  end
end
local fresh = redis.call('ZADD', 'sb:nodes', now, ARGV[1])
return {redis.call('GET', 'sb:inc'), tonumber(redis.call('GET', 'sb:ids') or '0'), fresh, now}
