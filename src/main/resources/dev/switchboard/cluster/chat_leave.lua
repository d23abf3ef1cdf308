-- ARGV: incarnation, room, id, date, node
local room, id, node = ARGV[2], ARGV[3], ARGV[5]
local p = room_key(room)
if redis.call('HEXISTS', p .. 'members', id) == 0 then
  return {0}
end
remove_member(p, id)
node_left_if_gone(p, room, node)
local seq = emit(p, room, node, {kind = 'leave', id = tonumber(id), users = users(p), date = tonumber(ARGV[4])})
forget_if_empty(p)
return {seq}
