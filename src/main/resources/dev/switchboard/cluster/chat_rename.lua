-- ARGV: incarnation, room, id, name (cleaned), name lower-cased, name as requested, date, node
local room, id, date, node = ARGV[2], ARGV[3], tonumber(ARGV[7]), ARGV[8]
local p = room_key(room)
if redis.call('HEXISTS', p .. 'members', id) == 0 then
  return {0}
end
local name, key = claim(p, id, ARGV[4], ARGV[5])
set_name(p, id, name, key)
redis.call('HSET', p .. 'claimed', id, date)
local seq = emit(p, room, node, {kind = 'rename', id = tonumber(id), name = name, rejected = (name ~= ARGV[6]),
  users = users(p), date = date})
return {seq}
