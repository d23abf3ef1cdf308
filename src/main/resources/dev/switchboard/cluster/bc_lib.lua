-- A channel c lives under sb:bc:c: epoch (its numbering's name), seq (the latest given out),
-- hist (the last envelopes, for clients that resume), rate (the channel's token bucket, shared by
-- every node's publishers), subs (node -> subscribers there). While no node has a subscriber the
-- channel's keys expire after the retain window, so it then starts again under a new epoch.
-- sb:node:N:channels lists the channels where node N has subscribers, for the reaper.
local function channel_key(channel)
  return 'sb:bc:' .. channel .. ':'
end

local function subscribers(p)
  local n = 0
  for _, count in ipairs(redis.call('HVALS', p .. 'subs')) do
    n = n + tonumber(count)
  end
  return n
end

local function retain(p, seconds)
  if redis.call('HLEN', p .. 'subs') > 0 then
    return
  end
  for _, key in ipairs({'epoch', 'seq', 'hist', 'rate', 'subs'}) do
    if seconds > 0 then
      redis.call('EXPIRE', p .. key, seconds)
    else
      redis.call('DEL', p .. key)
    end
  end
end

local function now_millis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
