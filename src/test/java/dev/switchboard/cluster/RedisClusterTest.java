package dev.switchboard.cluster;

import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import dev.switchboard.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's Redis connection itself: settings, and what a Redis outage costs a caller. */
class RedisClusterTest {

    private static Cluster connect(String url) {
        Settings settings = Settings.load(name -> name.equals("switchboard.redis.url")
                ? Optional.of(new SettingSource.RawSetting(url, "test")) : Optional.empty());
        return RedisCluster.start(settings, new LongAdder(), new LongAdder());
    }

    @Test
    void aPasswordAndADatabaseInTheUrlAreUsed() {
        try (RedisServer redis = RedisServer.start(List.of("--requirepass", "s3cret"))) {
            Cluster cluster = connect("redis://:s3cret@127.0.0.1:" + redis.port() + "/3");
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> cluster.redisState().equals("UP"));
                String base = "redis://:s3cret@127.0.0.1:" + redis.port();
                long inDatabase3 = redis.call(base + "/3", commands -> commands.exists("sb:inc"));
                long inDatabase0 = redis.call(base + "/0", commands -> commands.exists("sb:inc"));
                assertEquals(1, inDatabase3);
                assertEquals(0, inDatabase0);
            } finally {
                cluster.close();
            }
        }
    }

    @Test
    void whileRedisIsDownCommandsFailAtOnceInsteadOfQueueing() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Cluster cluster = connect(redis.url());
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> cluster.redisState().equals("UP"));
                redis.kill();
                await().atMost(Duration.ofSeconds(10)).until(() -> cluster.redisState().equals("DOWN"));
                ClusterBus bus = cluster.bus().orElseThrow();
                long started = System.nanoTime();
                CompletableFuture<Object> call = bus.run(LuaScript.load("node_rooms"), List.of(bus.node(), "rooms"));
                assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 500, "refused after " + millis + " ms");
            } finally {
                cluster.close();
            }
        }
    }
}
