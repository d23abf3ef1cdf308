package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import io.lettuce.core.KillArgs;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the cluster does when Redis or a node fails (docs/protocol.md §7). Runs after the other cluster
 * tests, and kills the Payara node last.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive war() {
        return ClusterNodes.war();
    }

    @ArquillianResource
    private URL tomcat;

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What each fault cost, for the report: printed, not asserted beyond the contract's limits. */
    private static void saw(String what, long sinceNanos) {
        System.out.printf("FAULT %s after %d ms%n", what, (System.nanoTime() - sinceNanos) / 1_000_000);
    }

    private static List<String> users(JsonNode userlist) {
        List<String> users = new ArrayList<>();
        userlist.get("users").forEach(user -> users.add(user.asText()));
        return users;
    }

    private static void awaitUsers(TestClient client, List<String> expected) throws Exception {
        while (!users(client.nextOfType("userlist")).equals(expected)) {
            // an earlier list
        }
    }

    private final long[] pairIds = new long[2];

    /** Joins a room on each node and waits until both see both; their ids go to {@link #pairIds}. */
    private TestClient[] pair(String room) throws Exception {
        TestClient alice = TestClient.connect(SwitchboardWar.ws(tomcat, "chat/" + room), "json");
        long aliceId = alice.nextOfType("id").get("id").asLong();
        TestClient bob = TestClient.connect(SwitchboardWar.ws(ClusterNodes.payara(), "chat/" + room), "json");
        long bobId = bob.nextOfType("id").get("id").asLong();
        awaitUsers(alice, List.of("guest" + aliceId, "guest" + bobId));
        awaitUsers(bob, List.of("guest" + aliceId, "guest" + bobId));
        pairIds[0] = aliceId;
        pairIds[1] = bobId;
        return new TestClient[] {alice, bob};
    }

    /** Sends from {@code from} until {@code to} gets it: cross-node delivery works again. */
    private static void awaitCrossNode(TestClient from, TestClient to) throws Exception {
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        int attempt = 0;
        while (System.nanoTime() < deadline) {
            String text = "probe-" + attempt++;
            from.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
            Object got;
            while ((got = to.poll(Duration.ofMillis(500))) != null) {
                if (got instanceof String frame && frame.contains("\"" + text + "\"")) {
                    return;
                }
            }
        }
        throw new AssertionError("no cross-node message within " + BACK_WITHIN);
    }

    @Test
    @Order(1)
    void aKilledPubSubConnectionIsDetectedAndHealed() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        TestClient[] pair = pair(fresh("pubsub"));
        try (TestClient alice = pair[0]; TestClient bob = pair[1]) {
            long killedAt = System.nanoTime();
            long killed = ClusterNodes.redis().call(redis -> redis.clientKill(KillArgs.Builder.typePubsub()));
            assertEquals(2, killed); // one pub/sub connection per node
            awaitCrossNode(alice, bob);
            awaitCrossNode(bob, alice);
            saw("pub/sub connections killed: chat across nodes again", killedAt);
            await().atMost(BACK_WITHIN).until(() -> ClusterNodes.redis().call(redis -> redis.clientList())
                    .lines().filter(line -> line.matches(".* sub=[1-9].*")).count() == 2);
            Nodes.awaitRedisUp(tomcat);
        }
    }

    @Test
    @Order(2)
    void flushAllWhileRunningReassertsMembersAndNeverReusesAnId() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = fresh("flush");
        TestClient[] pair = pair(room);
        try (TestClient alice = pair[0]; TestClient bob = pair[1]) {
            alice.send("{\"type\":\"username\",\"name\":\"alice\"}");
            bob.nextOfType("username");
            String counterBefore = ClusterNodes.redis().call(redis -> redis.get("sb:ids"));
            long flushedAt = System.nanoTime();
            ClusterNodes.redis().call(redis -> redis.flushall());
            await().atMost(BACK_WITHIN).until(() -> ClusterNodes.redis().call(
                    redis -> redis.hlen("sb:chat:" + room + ":members")) == 2);
            saw("FLUSHALL: both members re-asserted in Redis", flushedAt);
            awaitCrossNode(bob, alice);
            saw("FLUSHALL: chat across nodes again", flushedAt);
            assertEquals("alice", ClusterNodes.redis().call(redis -> redis.hvals("sb:chat:" + room + ":members"))
                    .stream().filter("alice"::equals).findFirst().orElse(null));
            try (TestClient carol = TestClient.connect(SwitchboardWar.ws(ClusterNodes.payara(), "chat/" + room), "json")) {
                long carolId = carol.nextOfType("id").get("id").asLong();
                assertNotEquals(pairIds[0], carolId);
                assertNotEquals(pairIds[1], carolId);
                assertTrue(Long.parseLong(ClusterNodes.redis().call(redis -> redis.get("sb:ids"))) > Long.parseLong(counterBefore),
                        "after an empty Redis the id counter starts above every id handed out before");
            }
        }
    }

    @Test
    @Order(3)
    void redisKilledThenRestartedEmptyKeepsLocalServiceAndNeverReusesAnEpochSeqPair() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = fresh("outage");
        String channel = fresh("outage");
        Map<String, String> seenPairs = new HashMap<>();
        TestClient[] pair = pair(room);
        try (TestClient alice = pair[0]; TestClient bob = pair[1];
             TestClient subT = TestClient.connect(SwitchboardWar.ws(tomcat, "broadcast/" + channel), "json");
             TestClient subP = TestClient.connect(SwitchboardWar.ws(ClusterNodes.payara(), "broadcast/" + channel), "json")) {
            String[] epoch = {subT.nextJson().get("epoch").asText()};
            subP.nextJson();
            subT.send("before");
            record(seenPairs, epoch[0], subT.nextOfType("broadcast"));
            subP.nextOfType("broadcast");

            long killedAt = System.nanoTime();
            ClusterNodes.redis().kill();
            await().atMost(BACK_WITHIN).until(() -> Nodes.redis(tomcat).equals("DOWN")
                    && Nodes.redis(ClusterNodes.payara()).equals("DOWN"));
            saw("Redis SIGKILL: both nodes report redis DOWN", killedAt);
            assertEquals(200, Nodes.get(tomcat, "health").statusCode());
            assertTrue(Nodes.get(tomcat, "metrics").body().contains("switchboard_redis_up 0.0"));
            // local service goes on: chat on one node, broadcast under a node-local epoch
            alice.send("{\"type\":\"message\",\"text\":\"local only\"}");
            assertEquals("local only", alice.nextOfType("message").get("text").asText());
            JsonNode localEpoch = subT.nextOfType("subscribed");
            assertNotEquals(epoch[0], localEpoch.get("epoch").asText());
            subT.send("during");
            JsonNode during = subT.nextOfType("broadcast");
            assertEquals("during", during.get("text").asText());
            record(seenPairs, localEpoch.get("epoch").asText(), during);

            long restartedAt = System.nanoTime();
            ClusterNodes.redis().restart();
            await().atMost(BACK_WITHIN).until(() -> Nodes.redis(tomcat).equals("UP")
                    && Nodes.redis(ClusterNodes.payara()).equals("UP"));
            saw("Redis restarted empty: both nodes report redis UP", restartedAt);
            awaitCrossNode(alice, bob);
            saw("Redis restarted empty: chat across nodes again", restartedAt);
            JsonNode back = subT.nextOfType("subscribed");
            while (back.get("epoch").asText().equals(localEpoch.get("epoch").asText())) {
                back = subT.nextOfType("subscribed");
            }
            subP.send("after");
            JsonNode after = subT.nextOfType("broadcast");
            assertEquals("after", after.get("text").asText());
            record(seenPairs, back.get("epoch").asText(), after);
            assertTrue(Nodes.get(tomcat, "metrics").body().contains("switchboard_redis_up 1.0"));
        }
    }

    private static void record(Map<String, String> seen, String epoch, JsonNode envelope) {
        String key = epoch + "/" + envelope.get("seq").asLong();
        String previous = seen.put(key, envelope.get("text").asText());
        assertTrue(previous == null || previous.equals(envelope.get("text").asText()),
                "(epoch, seq) " + key + " named both '" + previous + "' and '" + envelope.get("text").asText() + "'");
    }

    @Test
    @Order(4)
    void theUsersOfAKilledNodeLeaveTheOtherNodesListsWithin30Seconds() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = fresh("sigkill");
        try (TestClient alice = TestClient.connect(SwitchboardWar.ws(tomcat, "chat/" + room), "json")) {
            long aliceId = alice.nextOfType("id").get("id").asLong();
            TestClient bob = TestClient.connect(SwitchboardWar.ws(ClusterNodes.payara(), "chat/" + room), "json");
            long bobId = bob.nextOfType("id").get("id").asLong();
            awaitUsers(alice, List.of("guest" + aliceId, "guest" + bobId));
            ClusterNodes.killPayara();
            long killedAt = System.nanoTime();
            long deadline = killedAt + Duration.ofSeconds(30).toNanos();
            List<String> last = null;
            while (System.nanoTime() < deadline && !List.of("guest" + aliceId).equals(last)) {
                Object frame = alice.poll(Duration.ofSeconds(1));
                if (frame instanceof String text && text.contains("\"userlist\"")) {
                    last = users(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(text));
                }
            }
            assertEquals(List.of("guest" + aliceId), last,
                    "the killed node's member left after " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
            saw("Payara node SIGKILL: its member left the Tomcat node's user list", killedAt);
        }
    }
}
