package dev.switchboard.cluster.redis;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.cluster.LuaScript;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-wide connection ids from one Redis counter ({@code INCRBY sb:ids}), taken in blocks so
 * that opening a connection does not wait for Redis and a node can go on opening connections
 * through an outage: it holds the block in use and a spare one, fetched when half the current one
 * is gone. Ids stay unique when Redis comes back empty: the heartbeat then moves the counter past
 * the highest value any node has seen (see {@code beat.lua}).
 *
 * <p>A node that needs ids while Redis cannot give any (it started during an outage, or used up both
 * blocks in a long one) takes a block of its own at random from {@link #OUTAGE_IDS_FROM} up to 2^53:
 * the counter never gets there, and with some 470 million such blocks two nodes picking the same one
 * is negligible. The node goes on serving instead of refusing connections until Redis is back.
 */
final class RedisConnectionIds implements ConnectionIds {

    private static final System.Logger LOG = System.getLogger(RedisConnectionIds.class.getName());

    static final long BLOCK = 10_000;
    /** Ids for outages start here: far above any counter value, below 2^53 (exact in JavaScript). */
    static final long OUTAGE_IDS_FROM = 1L << 50;
    private static final long OUTAGE_BLOCKS = ((1L << 53) - OUTAGE_IDS_FROM) / BLOCK - 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LuaScript RESERVE = LuaScript.load("ids");

    private final ClusterBus bus;
    private long next = 1;
    private long last; // the block in use is next..last
    private long spareLast; // 0: no spare block
    private boolean reserving;
    private volatile long highestSeen;

    RedisConnectionIds(ClusterBus bus) {
        this.bus = bus;
    }

    @Override
    public long next() {
        synchronized (this) {
            if (next > last && spareLast > 0) {
                next = spareLast - BLOCK + 1;
                last = spareLast;
                spareLast = 0;
            }
            if (next <= last) {
                long id = next++;
                if (last - next < BLOCK / 2 && spareLast == 0 && !reserving) {
                    reserving = true;
                    reserve().whenComplete((end, error) -> {
                        synchronized (this) {
                            reserving = false;
                            if (error == null) {
                                spareLast = end;
                            }
                        }
                    });
                }
                return id;
            }
        }
        // both blocks used up (a long outage, or the very start): this opener waits for Redis, briefly
        try {
            long end = reserve().get(RedisCluster.COMMAND_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (next > last) {
                    next = end - BLOCK + 1;
                    last = end;
                } else if (spareLast == 0) {
                    spareLast = end;
                }
            }
            return next();
        } catch (Exception e) {
            long end = OUTAGE_IDS_FROM + (RANDOM.nextLong(OUTAGE_BLOCKS) + 1) * BLOCK;
            synchronized (this) {
                if (next > last) {
                    next = end - BLOCK + 1;
                    last = end;
                }
            }
            LOG.log(System.Logger.Level.WARNING, "Redis cannot hand out connection ids ({0}): using ids {1}..{2} of this node's own until it can",
                    e.toString(), Long.toString(end - BLOCK + 1), Long.toString(end));
            return next();
        }
    }

    /** Makes sure a spare block is held (called when the cluster becomes usable). */
    void refill() throws Exception {
        boolean needed;
        synchronized (this) {
            needed = spareLast == 0 && !reserving;
            reserving = reserving || needed;
        }
        if (needed) {
            try {
                long end = reserve().get(RedisCluster.COMMAND_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
                synchronized (this) {
                    spareLast = end;
                }
            } finally {
                synchronized (this) {
                    reserving = false;
                }
            }
        }
    }

    private CompletableFuture<Long> reserve() {
        return bus.run(RESERVE, List.of(Long.toString(BLOCK))).thenApply(value -> {
            long end = ((Number) ((List<?>) value).get(0)).longValue();
            seen(end);
            return end;
        });
    }

    void seen(long counter) {
        synchronized (this) {
            if (counter > highestSeen) {
                highestSeen = counter;
            }
        }
    }

    long highestSeen() {
        return highestSeen;
    }
}
