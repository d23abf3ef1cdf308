-- Shared by every script but the heartbeat. ARGV[1] is the incarnation the calling node knows:
-- a Redis that was emptied (FLUSHALL, a restart without persistence) has another one, or none,
-- and the call fails until the node has re-asserted its state there.
if redis.call('GET', 'sb:inc') ~= ARGV[1] then
  return redis.error_reply('STALE incarnation')
end

-- The first n code points of UTF-8 text s.
local function cut(s, n)
  local count, i = 0, 1
  while i <= #s do
    local b = s:byte(i)
    if b < 0x80 or b >= 0xC0 then
      count = count + 1
      if count > n then
        return s:sub(1, i - 1)
      end
    end
    i = i + 1
  end
  return s
end

