-- A room r lives under sb:chat:r: members (id -> name), keys (id -> lower-cased name),
-- names (lower-cased name -> id: unique ignoring case), order (id by join time), nodes (id -> node),
-- claimed (id -> when its name was claimed), history (messages), log (recent events, for nodes that
-- missed some), seq (the room's event counter). sb:node:N:rooms lists the rooms where node N has
-- members, for the reaper. Every change is published on channel sb:chat:r with its seq, in the same
-- script, so every node applies the room's events in one order.
local LOG_SIZE = 200

local function room_key(room)
  return 'sb:chat:' .. room .. ':'
end

local function users(p)
  local ids = redis.call('ZRANGE', p .. 'order', 0, -1)
  local names = {}
  for i, id in ipairs(ids) do
    names[i] = redis.call('HGET', p .. 'members', id)
  end
  return names
end

local function is_free(p, key, id)
  local holder = redis.call('HGET', p .. 'names', key)
  return (not holder) or holder == id
end

-- The name id gets when it asks for base (key: base lower-cased): base itself when free, else the
-- smallest numeric suffix that frees it, cut so that the whole stays within 32 code points.
local function claim(p, id, base, key)
  if is_free(p, key, id) then
    return base, key
  end
  local n = 1
  while true do
    local digits = tostring(n)
    local name = cut(base, 32 - #digits) .. digits
    local candidate = cut(key, 32 - #digits) .. digits
    if is_free(p, candidate, id) then
      return name, candidate
    end
    n = n + 1
  end
end

local function set_name(p, id, name, key)
  local old = redis.call('HGET', p .. 'keys', id)
  if old and redis.call('HGET', p .. 'names', old) == id then
    redis.call('HDEL', p .. 'names', old)
  end
  redis.call('HSET', p .. 'names', key, id)
  redis.call('HSET', p .. 'members', id, name)
  redis.call('HSET', p .. 'keys', id, key)
end

local function remove_member(p, id)
  local key = redis.call('HGET', p .. 'keys', id)
  if key and redis.call('HGET', p .. 'names', key) == id then
    redis.call('HDEL', p .. 'names', key)
  end
  redis.call('HDEL', p .. 'members', id)
  redis.call('HDEL', p .. 'keys', id)
  redis.call('HDEL', p .. 'nodes', id)
  redis.call('HDEL', p .. 'claimed', id)
  redis.call('ZREM', p .. 'order', id)
end

-- Numbers the event, keeps it in the log and publishes it: one step, so seq order is publish order.
local function emit(p, room, node, event)
  local seq = redis.call('INCR', p .. 'seq')
  event.seq = seq
  event.inc = ARGV[1]
  event.node = node
  local payload = cjson.encode(event)
  redis.call('RPUSH', p .. 'log', payload)
  redis.call('LTRIM', p .. 'log', -LOG_SIZE, -1)
  redis.call('PUBLISH', 'sb:chat:' .. room, payload)
  return seq
end

-- A room without members is forgotten with its history (as on a single node); its seq stays, so
-- that a node still holding a cursor never mistakes new events for old ones.
local function forget_if_empty(p)
  if redis.call('ZCARD', p .. 'order') == 0 then
    redis.call('DEL', p .. 'members', p .. 'keys', p .. 'names', p .. 'order', p .. 'nodes', p .. 'claimed',
        p .. 'history', p .. 'log')
  end
end

local function node_left_if_gone(p, room, node)
  for _, holder in ipairs(redis.call('HVALS', p .. 'nodes')) do
    if holder == node then
      return
    end
  end
  redis.call('SREM', 'sb:node:' .. node .. ':rooms', room)
end
