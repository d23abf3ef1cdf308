-- ARGV: incarnation, room, id, name, name lower-cased, date, node, history size
local room, id, date, node = ARGV[2], ARGV[3], tonumber(ARGV[6]), ARGV[7]
local p = room_key(room)
local name, key = claim(p, id, ARGV[4], ARGV[5])
set_name(p, id, name, key)
redis.call('ZADD', p .. 'order', date, id)
redis.call('HSET', p .. 'nodes', id, node)
redis.call('HSET', p .. 'claimed', id, date)
redis.call('SADD', 'sb:node:' .. node .. ':rooms', room)
local history = {}
local size = tonumber(ARGV[8])
if size > 0 then
  history = redis.call('LRANGE', p .. 'history', -size, -1)
end
local seq = emit(p, room, node, {kind = 'join', id = tonumber(id), name = name, users = users(p), date = date})
return {seq, name, history}
