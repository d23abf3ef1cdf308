-- One step: the channel's rate limit, the next seq, the history, the PUBLISH. A refused message
-- uses no seq; a channel without state (nobody subscribed, nothing retained) keeps nothing.
-- ARGV: incarnation, channel, from, text, date, rate, burst, history size, node
-- Answers {seq, recipients, retry after ms}: seq 0 and retry 0 when the channel has no state.
local channel = ARGV[2]
local p = channel_key(channel)
local epoch = redis.call('GET', p .. 'epoch')
if not epoch then
  return {0, 0, 0}
end
local now = now_millis()
local rate, burst = tonumber(ARGV[6]), tonumber(ARGV[7])
local bucket = redis.call('HMGET', p .. 'rate', 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
if tokens < 1 then
  redis.call('HSET', p .. 'rate', 'tokens', tokens, 'at', now)
  return {0, 0, math.max(1, math.ceil((1 - tokens) * 1000 / rate))}
end
redis.call('HSET', p .. 'rate', 'tokens', tokens - 1, 'at', now)
local ttl = redis.call('PTTL', p .. 'epoch')
if ttl > 0 then
  redis.call('PEXPIRE', p .. 'rate', ttl) -- a retained channel's keys all expire together
end
local seq = redis.call('INCR', p .. 'seq')
local envelope = {seq = seq, from = tonumber(ARGV[3]), text = ARGV[4], date = tonumber(ARGV[5])}
local size = tonumber(ARGV[8])
if size > 0 then
  redis.call('RPUSH', p .. 'hist', cjson.encode(envelope))
  redis.call('LTRIM', p .. 'hist', -size, -1)
  if ttl > 0 then
    redis.call('PEXPIRE', p .. 'hist', ttl)
  end
end
envelope.epoch = epoch
envelope.inc = ARGV[1]
envelope.node = ARGV[9]
redis.call('PUBLISH', 'sb:bc:' .. channel, cjson.encode(envelope))
return {seq, subscribers(p), 0}
