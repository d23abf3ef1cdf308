package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cluster.Cluster;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.RecordingTransport;
import dev.switchboard.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in one JVM sharing a real Redis: rooms span them (docs/protocol.md §7). The same code runs
 * in each container node; the two-container tests ({@code ClusterIT}) prove it over WebSockets.
 */
class ClusterChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private final List<Cluster> clusters = new ArrayList<>();

    private record Node(Cluster cluster, RedisChatRooms rooms) {
        long id() {
            return cluster.ids().next();
        }
    }

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
        Settings settings = Settings.load(name -> name.equals("switchboard.redis.url")
                ? Optional.of(new SettingSource.RawSetting(redis.url(), "test")) : Optional.empty());
        Cluster cluster = RedisCluster.start(settings, new LongAdder(), new LongAdder());
        clusters.add(cluster);
        RedisChatRooms rooms = new RedisChatRooms(cluster.bus().orElseThrow(), 50, System::currentTimeMillis,
                new ChatEventEncoder());
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.redisState().equals("UP"));
        return new Node(cluster, rooms);
    }

    private static List<JsonNode> frames(RecordingTransport client) {
        synchronized (client) {
            return client.sent.stream().map(ClusterChatTest::json).toList();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> users(JsonNode userlist) {
        List<String> users = new ArrayList<>();
        userlist.get("users").forEach(user -> users.add(user.asText()));
        return users;
    }

    private static JsonNode lastOfType(RecordingTransport client, String type) {
        List<JsonNode> matching = frames(client).stream().filter(f -> f.get("type").asText().equals(type)).toList();
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    private static List<String> texts(RecordingTransport client) {
        return frames(client).stream().filter(f -> f.get("type").asText().equals("message")
                && !f.has("replay")).map(f -> f.get("text").asText()).toList();
    }

    @Test
    void idsAreUniqueAcrossNodes() {
        Node a = node();
        Node b = node();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(a.id());
            ids.add(b.id());
        }
        assertEquals(200, ids.stream().distinct().count());
        assertTrue(ids.stream().allMatch(id -> id > 0));
    }

    @Test
    void membersOnTwoNodesShareOneUserListAndSeeMessagesInOneOrder() {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        long aliceId = a.id();
        long bobId = b.id();
        a.rooms().join("dev", aliceId, alice.outbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(alice, "userlist") != null);
        b.rooms().join("dev", bobId, bob.outbox());
        List<String> both = List.of("guest" + aliceId, "guest" + bobId);
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(alice, "userlist") != null
                && users(lastOfType(alice, "userlist")).equals(both));
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "userlist") != null
                && users(lastOfType(bob, "userlist")).equals(both));
        for (int i = 0; i < 20; i++) {
            a.rooms().post("dev", aliceId, "a" + i);
            b.rooms().post("dev", bobId, "b" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(alice).size() == 40 && texts(bob).size() == 40);
        assertEquals(texts(alice), texts(bob));
    }

    @Test
    void aNameTakenOnAnotherNodeIsRejectedIgnoringCase() {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        long aliceId = a.id();
        long bobId = b.id();
        a.rooms().join("names", aliceId, alice.outbox());
        b.rooms().join("names", bobId, bob.outbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "userlist") != null
                && users(lastOfType(bob, "userlist")).size() == 2);
        a.rooms().rename("names", aliceId, "alice");
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "username") != null);
        b.rooms().rename("names", bobId, "ALICE");
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "rejectusername") != null);
        assertEquals("ALICE1", lastOfType(bob, "rejectusername").get("name").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> users(lastOfType(alice, "userlist")).equals(List.of("alice", "ALICE1")));
    }

    @Test
    void aNewcomerOnAnotherNodeGetsTheRoomsHistory() {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        long aliceId = a.id();
        a.rooms().join("history", aliceId, alice.outbox());
        a.rooms().post("history", aliceId, "first");
        a.rooms().post("history", aliceId, "second");
        await().atMost(Duration.ofSeconds(5)).until(() -> texts(alice).size() == 2);
        RecordingTransport bob = new RecordingTransport();
        b.rooms().join("history", b.id(), bob.outbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "userlist") != null);
        List<JsonNode> got = frames(bob);
        assertEquals("first", got.get(0).get("text").asText());
        assertTrue(got.get(0).get("replay").asBoolean());
        assertEquals("second", got.get(1).get("text").asText());
        assertEquals("userlist", got.get(2).get("type").asText());
    }

    @Test
    void aNodeThatLeavesTakesItsMembersOutOfTheOtherNodesLists() {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        long aliceId = a.id();
        a.rooms().join("leave", aliceId, alice.outbox());
        b.rooms().join("leave", b.id(), new RecordingTransport().outbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> users(lastOfType(alice, "userlist")).size() == 2);
        b.cluster().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> users(lastOfType(alice, "userlist")).equals(List.of("guest" + aliceId)));
    }

    @Test
    void redisComingBackEmptyKeepsIdsUniqueAndReassertsMembers() {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        long aliceId = a.id();
        long bobId = b.id();
        a.rooms().join("reset", aliceId, alice.outbox());
        b.rooms().join("reset", bobId, bob.outbox());
        a.rooms().rename("reset", aliceId, "alice");
        await().atMost(Duration.ofSeconds(5)).until(() -> users(lastOfType(bob, "userlist")).contains("alice"));
        redis.call(commands -> commands.flushall());
        await().atMost(Duration.ofSeconds(15)).until(() -> a.cluster().redisState().equals("UP")
                && b.cluster().redisState().equals("UP") && redis.call(c -> c.exists("sb:chat:reset:members")) == 1
                && redis.call(c -> c.hlen("sb:chat:reset:members")) == 2);
        long after = b.id();
        assertNotEquals(aliceId, after);
        assertNotEquals(bobId, after);
        int before = texts(alice).size();
        b.rooms().post("reset", bobId, "after the flush");
        await().atMost(Duration.ofSeconds(5)).until(() -> texts(alice).size() == before + 1);
        assertEquals("after the flush", texts(alice).get(before));
        assertEquals(List.of("alice", "guest" + bobId), users(lastOfType(bob, "userlist")));
    }

    @Test
    void aNameClaimedOnBothNodesDuringAnOutageStaysWithTheEarlierClaimAndTheLaterOneIsRenamed() throws Exception {
        Node a = node();
        Node b = node();
        RecordingTransport alice = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        long aliceId = a.id();
        long bobId = b.id();
        a.rooms().join("clash", aliceId, alice.outbox());
        b.rooms().join("clash", bobId, bob.outbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOfType(bob, "userlist") != null
                && users(lastOfType(bob, "userlist")).size() == 2);
        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().redisState().equals("DOWN")
                && b.cluster().redisState().equals("DOWN"));
        a.rooms().rename("clash", aliceId, "sam");
        Thread.sleep(20); // the second claim is later by the clock
        b.rooms().rename("clash", bobId, "Sam");
        assertEquals("Sam", lastOfType(bob, "username").get("name").asText()); // free on its own node
        redis.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> lastOfType(bob, "rejectusername") != null);
        assertEquals("Sam1", lastOfType(bob, "rejectusername").get("name").asText());
        assertEquals(bobId, lastOfType(bob, "rejectusername").get("id").asLong());
        await().atMost(Duration.ofSeconds(5)).until(() -> users(lastOfType(alice, "userlist")).equals(List.of("sam", "Sam1")));
        assertEquals(null, lastOfType(alice, "rejectusername"));
    }
}
