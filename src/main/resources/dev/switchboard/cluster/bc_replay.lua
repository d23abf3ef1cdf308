-- Where a channel stands and, for a client resuming in its current epoch, the retained envelopes
-- after its since, with how many after since are no longer kept: one consistent view.
-- ARGV: incarnation, channel, epoch the client had ('' for none), since
local p = channel_key(ARGV[2])
local epoch = redis.call('GET', p .. 'epoch')
if not epoch then
  return redis.error_reply('channel not occupied')
end
local seq = tonumber(redis.call('GET', p .. 'seq'))
local since = tonumber(ARGV[4])
if ARGV[3] ~= epoch or since >= seq then
  return {epoch, seq, 0, {}}
end
local kept = {}
local first = seq + 1
for _, stored in ipairs(redis.call('LRANGE', p .. 'hist', 0, -1)) do
  local s = cjson.decode(stored).seq
  if s > since then
    kept[#kept + 1] = stored
    if s < first then
      first = s
    end
  end
end
return {epoch, seq, first - since - 1, kept}
