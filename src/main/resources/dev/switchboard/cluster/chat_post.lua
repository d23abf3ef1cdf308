-- ARGV: incarnation, room, id, text, date, history size, node
local room, id, size, node = ARGV[2], ARGV[3], tonumber(ARGV[6]), ARGV[7]
local p = room_key(room)
local name = redis.call('HGET', p .. 'members', id)
if not name then
  return {0}
end
local message = {id = tonumber(id), name = name, text = ARGV[4], date = tonumber(ARGV[5])}
if size > 0 then
  redis.call('RPUSH', p .. 'history', cjson.encode(message))
  redis.call('LTRIM', p .. 'history', -size, -1)
end
message.kind = 'message'
return {emit(p, room, node, message)}
