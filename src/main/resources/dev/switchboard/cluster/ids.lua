-- Reserves a block of connection ids; answers the block's last id.
-- ARGV: incarnation, block size
return {redis.call('INCRBY', 'sb:ids', tonumber(ARGV[2]))}
