-- A channel's epoch and retained envelopes, for a node that saw a gap in its seq. ARGV: incarnation, channel
local p = channel_key(ARGV[2])
return {redis.call('GET', p .. 'epoch') or '', redis.call('LRANGE', p .. 'hist', 0, -1)}
