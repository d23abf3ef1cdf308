-- A dead (or departing) node's members leave every room it had members in.
-- ARGV: incarnation, node, date
local node, date = ARGV[2], tonumber(ARGV[3])
local set = 'sb:node:' .. node .. ':rooms'
local left = 0
for _, room in ipairs(redis.call('SMEMBERS', set)) do
  local p = room_key(room)
  local holders = redis.call('HGETALL', p .. 'nodes')
  local removed = false
  for i = 1, #holders, 2 do
    if holders[i + 1] == node then
      remove_member(p, holders[i])
      removed = true
      left = left + 1
    end
  end
  if removed then
    emit(p, room, node, {kind = 'leave', users = users(p), date = date})
    forget_if_empty(p)
  end
end
redis.call('DEL', set)
return {left}
