package dev.switchboard.cluster.redis;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.LuaScript;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ids when Redis cannot hand any out. Only the fallback is exercised here, with a bus whose every
 * command is refused as Lettuce refuses commands while disconnected; the ids Redis hands out are
 * covered by the cluster tests on a real redis-server.
 */
class RedisConnectionIdsTest {

    @Test
    void aNodeThatStartsDuringAnOutageStillHandsOutUniqueIdsAboveTheCounterRange() {
        RedisConnectionIds ids = new RedisConnectionIds(new UnreachableBus());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2 * RedisConnectionIds.BLOCK + 10; i++) {
            long id = ids.next();
            assertTrue(id >= RedisConnectionIds.OUTAGE_IDS_FROM && id < 1L << 53, "id " + id + " out of the outage range");
            assertTrue(seen.add(id), "id " + id + " handed out twice");
        }
    }

    @Test
    void outageIdsAreNotTakenForCounterValues() {
        RedisConnectionIds ids = new RedisConnectionIds(new UnreachableBus());
        ids.next();
        assertEquals(0, ids.highestSeen(), "an outage block must not move the Redis counter when Redis is back");
    }

    /** A bus to a Redis that is gone: every command fails at once. */
    private static final class UnreachableBus implements ClusterBus {
        @Override public String node() { return "test-node"; }
        @Override public CompletableFuture<Object> run(LuaScript script, List<String> args) {
            return CompletableFuture.failedFuture(new IllegalStateException("Commands are rejected while disconnected"));
        }
        @Override public CompletableFuture<Void> subscribe(String channel, Consumer<String> listener) {
            return CompletableFuture.failedFuture(new IllegalStateException("disconnected"));
        }
        @Override public void unsubscribe(String channel, Consumer<String> listener) {}
        @Override public boolean isUp() { return false; }
        @Override public void addListener(Listener listener) {}
        @Override public void countCrossNode(boolean in) {}
    }
}
