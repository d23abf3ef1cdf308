-- After every reaper has run for a dead node: it is gone from the heartbeat set.
redis.call('ZREM', 'sb:nodes', ARGV[2])
return {1}
