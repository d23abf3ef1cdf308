package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cluster.Cluster;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.RecordingTransport;
import dev.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes in one JVM sharing a real Redis: channels span them (docs/protocol.md §5, §7). */
class ClusterBroadcastTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private final List<Cluster> clusters = new ArrayList<>();

    private record Node(Cluster cluster, ClusterChannels channels) {}

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        clusters.forEach(Cluster::close);
        redis.close();
    }

    private Node node() {
        Map<String, String> values = Map.of("switchboard.redis.url", redis.url(),
                "switchboard.broadcast.channelRate", "5", "switchboard.broadcast.channelBurst", "10");
        Settings settings = Settings.load(name -> Optional.ofNullable(values.get(name))
                .map(value -> new SettingSource.RawSetting(value, "test")));
        Cluster cluster = RedisCluster.start(settings, new LongAdder(), new LongAdder());
        clusters.add(cluster);
        ClusterChannels channels = new ClusterChannels(cluster.bus().orElseThrow(), settings.broadcast(),
                System::currentTimeMillis, System::nanoTime, LocalChannelLog.randomEpochs(), 1 << 20,
                new BroadcastEventEncoder());
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.redisState().equals("UP"));
        return new Node(cluster, channels);
    }

    private static List<JsonNode> frames(RecordingTransport client) {
        synchronized (client) {
            return client.sent.stream().map(ClusterBroadcastTest::json).toList();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> ofType(RecordingTransport client, String type) {
        return frames(client).stream().filter(f -> f.path("type").asText().equals(type)).toList();
    }

    @Test
    void messagesPublishedOnEitherNodeReachBothInOneSeqOrder() {
        Node a = node();
        Node b = node();
        RecordingTransport onA = new RecordingTransport();
        RecordingTransport onB = new RecordingTransport();
        a.channels().subscribe("news", 1, onA.outbox(), true, null);
        b.channels().subscribe("news", 2, onB.outbox(), true, null);
        JsonNode subscribedA = ofType(onA, "subscribed").get(0);
        JsonNode subscribedB = ofType(onB, "subscribed").get(0);
        assertEquals(subscribedA.get("epoch"), subscribedB.get("epoch"));
        for (int i = 0; i < 4; i++) {
            assertTrue(a.channels().publish("news", 1, Frame.of("a" + i)).accepted());
            assertTrue(b.channels().publish("news", 2, Frame.of("b" + i)).accepted());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ofType(onA, "broadcast").size() == 8
                && ofType(onB, "broadcast").size() == 8);
        List<String> seenByA = ofType(onA, "broadcast").stream().map(f -> f.get("seq") + ":" + f.get("text").asText()).toList();
        List<String> seenByB = ofType(onB, "broadcast").stream().map(f -> f.get("seq") + ":" + f.get("text").asText()).toList();
        assertEquals(seenByA, seenByB);
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, ofType(onA, "broadcast").get(i).get("seq").asLong());
        }
    }

    @Test
    void theChannelLimitHoldsForAllNodesTogetherAndARefusalUsesNoSeq() {
        Node a = node();
        Node b = node();
        a.channels().subscribe("busy", 1, new RecordingTransport().outbox(), true, null);
        int accepted = 0;
        long lastSeq = 0;
        for (int i = 0; i < 20; i++) {
            PublishResult result = (i % 2 == 0 ? a : b).channels().publish("busy", 0, Frame.of("m" + i));
            if (result.accepted()) {
                accepted++;
                assertEquals(lastSeq + 1, result.seq());
                lastSeq = result.seq();
            } else {
                assertTrue(result.retryAfterMillis() > 0);
            }
        }
        assertTrue(accepted >= 10 && accepted <= 12, "accepted " + accepted + " of 20 with a burst of 10 at 5/s");
    }

    @Test
    void aClientResumesOnTheOtherNodeWithTheMessagesItMissed() {
        Node a = node();
        Node b = node();
        RecordingTransport first = new RecordingTransport();
        a.channels().subscribe("resume", 1, first.outbox(), true, null);
        a.channels().publish("resume", 1, Frame.of("one"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(first, "broadcast").size() == 1);
        String epoch = ofType(first, "subscribed").get(0).get("epoch").asText();
        a.channels().unsubscribe("resume", 1);
        a.channels().publish("resume", 0, Frame.of("two"));
        b.channels().publish("resume", 0, Frame.of("three"));
        RecordingTransport again = new RecordingTransport();
        b.channels().subscribe("resume", 2, again.outbox(), true, new ResumePoint(1, epoch));
        List<JsonNode> got = frames(again);
        assertEquals("subscribed", got.get(0).get("type").asText());
        assertEquals(3, got.get(0).get("seq").asLong());
        assertEquals(epoch, got.get(0).get("epoch").asText());
        assertEquals("two", got.get(1).get("text").asText());
        assertTrue(got.get(1).get("replay").asBoolean());
        assertEquals("three", got.get(2).get("text").asText());
        b.channels().publish("resume", 0, Frame.of("four"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(again, "broadcast").size() == 3);
        assertEquals(4, ofType(again, "broadcast").get(2).get("seq").asLong());
    }

    @Test
    void thePublishApiOnANodeWithoutSubscribersReachesTheOtherNode() {
        Node a = node();
        Node b = node();
        RecordingTransport onB = new RecordingTransport();
        b.channels().subscribe("api", 5, onB.outbox(), false, null);
        PublishResult result = a.channels().publish("api", 0, Frame.of("from a"));
        assertEquals(1, result.seq());
        assertEquals(1, result.recipients());
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.sent.contains("from a"));
    }

    @Test
    void whileRedisIsDownEachNodeNumbersUnderAnEpochOfItsOwnAndThenFollowsTheClusterAgain() {
        Node a = node();
        Node b = node();
        RecordingTransport onA = new RecordingTransport();
        a.channels().subscribe("outage", 1, onA.outbox(), true, null);
        b.channels().subscribe("outage", 2, new RecordingTransport().outbox(), true, null);
        a.channels().publish("outage", 1, Frame.of("before"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(onA, "broadcast").size() == 1);
        String clusterEpoch = ofType(onA, "subscribed").get(0).get("epoch").asText();
        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().redisState().equals("DOWN"));
        PublishResult local = a.channels().publish("outage", 1, Frame.of("during"));
        assertTrue(local.accepted());
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(onA, "broadcast").size() == 2);
        JsonNode localSubscribed = ofType(onA, "subscribed").get(1);
        assertNotEquals(clusterEpoch, localSubscribed.get("epoch").asText());
        assertEquals(1, ofType(onA, "broadcast").get(1).get("seq").asLong());
        redis.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.cluster().redisState().equals("UP")
                && b.cluster().redisState().equals("UP"));
        JsonNode back = ofType(onA, "subscribed").get(ofType(onA, "subscribed").size() - 1);
        assertNotEquals(localSubscribed.get("epoch").asText(), back.get("epoch").asText());
        assertNotEquals(clusterEpoch, back.get("epoch").asText()); // Redis came back empty: a new cluster epoch
        b.channels().publish("outage", 2, Frame.of("after"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(onA, "broadcast").size() == 3);
        assertEquals("after", ofType(onA, "broadcast").get(2).get("text").asText());
    }

    @Test
    void aMessageMissedOnPubSubIsFilledFromTheHistoryBeforeTheNextOneIsDelivered() {
        Node a = node();
        Node b = node();
        RecordingTransport onA = new RecordingTransport();
        a.channels().subscribe("gap", 1, onA.outbox(), true, null);
        b.channels().publish("gap", 0, Frame.of("first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(onA, "broadcast").size() == 1);
        // seq 2 is numbered and kept, as bc_publish.lua does, but its PUBLISH never reaches node A
        redis.call(commands -> commands.eval("local seq = redis.call('INCR', KEYS[1]) "
                        + "redis.call('RPUSH', KEYS[2], cjson.encode({seq = seq, from = 0, text = 'missed', date = 1})) return seq",
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {"sb:bc:gap:seq", "sb:bc:gap:hist"}));
        b.channels().publish("gap", 0, Frame.of("third"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ofType(onA, "broadcast").size() == 3);
        List<String> got = ofType(onA, "broadcast").stream().map(f -> f.get("seq") + ":" + f.get("text").asText()).toList();
        assertEquals(List.of("1:first", "2:missed", "3:third"), got);
    }
}
