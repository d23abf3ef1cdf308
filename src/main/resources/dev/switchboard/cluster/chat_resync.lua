-- A node re-asserts its members of one room after Redis was away or came back empty: members it
-- no longer has leave; the others are (re)added. A name that two nodes handed out meanwhile stays
-- with the earlier claim and the later one gets a suffix (rejected = true: rejectusername).
-- ARGV: incarnation, room, node, date, members as JSON [[id, name, name lower-cased, joined, claimed], ...]
-- Answers the sync event's seq and the room's recent events, for the node to catch up.
local room, node, date = ARGV[2], ARGV[3], tonumber(ARGV[4])
local p = room_key(room)
local members = cjson.decode(ARGV[5])
local listed = {}
for _, m in ipairs(members) do
  listed[tostring(m[1])] = true
end
local holders = redis.call('HGETALL', p .. 'nodes')
for i = 1, #holders, 2 do
  if holders[i + 1] == node and not listed[holders[i]] then
    remove_member(p, holders[i])
  end
end
local renames = {}
for _, m in ipairs(members) do
  local id, want, want_key, joined, claimed = tostring(m[1]), m[2], m[3], m[4], m[5]
  local current = redis.call('HGET', p .. 'members', id)
  if current ~= want or redis.call('HGET', p .. 'nodes', id) ~= node then
    local holder = redis.call('HGET', p .. 'names', want_key)
    if holder and holder ~= id and tonumber(redis.call('HGET', p .. 'claimed', holder) or '0') > claimed then
      set_name(p, id, want, want_key)
      local other, other_key = claim(p, holder, redis.call('HGET', p .. 'members', holder),
          redis.call('HGET', p .. 'keys', holder))
      set_name(p, holder, other, other_key)
      redis.call('HSET', p .. 'claimed', holder, date)
      renames[#renames + 1] = {tonumber(holder), other, true}
      if current and current ~= want then
        renames[#renames + 1] = {tonumber(id), want, false}
      end
    else
      local name, key = claim(p, id, want, want_key)
      set_name(p, id, name, key)
      if name ~= want then
        renames[#renames + 1] = {tonumber(id), name, true}
      elseif current and current ~= want then
        renames[#renames + 1] = {tonumber(id), name, false}
      end
    end
    redis.call('ZADD', p .. 'order', joined, id)
    redis.call('HSET', p .. 'nodes', id, node)
    redis.call('HSET', p .. 'claimed', id, claimed)
  end
end
if #members > 0 then
  redis.call('SADD', 'sb:node:' .. node .. ':rooms', room)
else
  node_left_if_gone(p, room, node)
end
local log = redis.call('LRANGE', p .. 'log', 0, -1)
local event = {kind = 'sync', users = users(p), date = date}
if #renames > 0 then
  event.renames = renames
end
local seq = emit(p, room, node, event)
forget_if_empty(p)
return {seq, log}
