-- Nodes whose last beat is older than ARGV[2] milliseconds (Redis's clock, so node clocks may differ).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', 'sb:nodes', '-inf', '(' .. (now - tonumber(ARGV[2])))
