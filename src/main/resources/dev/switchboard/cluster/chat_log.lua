-- A room's recent events, for a node that saw a gap in its seq.
-- ARGV: incarnation, room
return redis.call('LRANGE', room_key(ARGV[2]) .. 'log', 0, -1)
