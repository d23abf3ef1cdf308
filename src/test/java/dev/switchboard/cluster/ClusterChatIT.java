package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room spanning a Tomcat node and a Payara node that share one Redis (docs/protocol.md §7): ids,
 * names, user lists, history and one message order across both.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterChatIT {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return ClusterNodes.war();
    }

    @ArquillianResource
    private URL tomcat;

    private URI onTomcat(String room) {
        return SwitchboardWar.ws(tomcat, "chat/" + room);
    }

    private static URI onPayara(String room) {
        return SwitchboardWar.ws(ClusterNodes.payara(), "chat/" + room);
    }

    private static String freshRoom() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> users(JsonNode userlist) {
        List<String> users = new ArrayList<>();
        userlist.get("users").forEach(user -> users.add(user.asText()));
        return users;
    }

    /**
     * Reads frames until a user list names exactly {@code expected}, in that order (join order);
     * fails with every frame it read. Clients that connect at the same time may join in either order:
     * {@link #awaitUsersInAnyOrder} is for them.
     */
    private static void awaitUsers(TestClient client, List<String> expected) throws Exception {
        awaitUsers(client, expected, false);
    }

    private static void awaitUsersInAnyOrder(TestClient client, List<String> expected) throws Exception {
        awaitUsers(client, expected, true);
    }

    private static void awaitUsers(TestClient client, List<String> expected, boolean anyOrder) throws Exception {
        List<String> read = new ArrayList<>();
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Object frame = client.poll(java.time.Duration.ofMillis(200));
            if (frame instanceof String text) {
                read.add(text);
                JsonNode event = JSON.readTree(text);
                if (event.path("type").asText().equals("userlist") && (anyOrder
                        ? users(event).stream().sorted().toList().equals(expected.stream().sorted().toList())
                        : users(event).equals(expected))) {
                    return;
                }
            }
        }
        throw new AssertionError("no user list " + expected + " within " + TestClient.WAIT + "; read " + read);
    }

    @Test
    void membersOnTomcatAndPayaraGetDistinctIdsAndShareOneUserList() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(onTomcat(room), "json")) {
            long aliceId = alice.nextOfType("id").get("id").asLong();
            awaitUsers(alice, List.of("guest" + aliceId));
            try (TestClient bob = TestClient.connect(onPayara(room), "json")) {
                long bobId = bob.nextOfType("id").get("id").asLong();
                assertNotEquals(aliceId, bobId);
                List<String> both = List.of("guest" + aliceId, "guest" + bobId);
                awaitUsers(bob, both);
                awaitUsers(alice, both);
            }
            awaitUsers(alice, List.of("guest" + aliceId));
        }
    }

    @Test
    void aNameTakenOnOneNodeIsRejectedOnTheOtherIgnoringCase() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(onTomcat(room), "json");
             TestClient bob = TestClient.connect(onPayara(room), "json")) {
            long aliceId = alice.nextOfType("id").get("id").asLong();
            long bobId = bob.nextOfType("id").get("id").asLong();
            awaitUsersInAnyOrder(bob, List.of("guest" + aliceId, "guest" + bobId));
            alice.send("{\"type\":\"username\",\"name\":\"alice\"}");
            assertEquals("alice", bob.nextOfType("username").get("name").asText());
            bob.send("{\"type\":\"username\",\"name\":\"Alice\"}");
            JsonNode rejected = bob.nextOfType("rejectusername");
            assertEquals(bobId, rejected.get("id").asLong());
            assertEquals("Alice1", rejected.get("name").asText());
            awaitUsersInAnyOrder(alice, List.of("alice", "Alice1"));
        }
    }

    @Test
    void everyMemberOnEitherNodeSeesTheRoomsMessagesInOneOrder() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(onTomcat(room), "json");
             TestClient bob = TestClient.connect(onPayara(room), "json")) {
            long aliceId = alice.nextOfType("id").get("id").asLong();
            long bobId = bob.nextOfType("id").get("id").asLong();
            awaitUsersInAnyOrder(alice, List.of("guest" + aliceId, "guest" + bobId));
            for (int i = 0; i < 10; i++) {
                alice.send("{\"type\":\"message\",\"text\":\"a" + i + "\"}");
                bob.send("{\"type\":\"message\",\"text\":\"b" + i + "\"}");
            }
            List<String> seenByAlice = new ArrayList<>();
            List<String> seenByBob = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                seenByAlice.add(alice.nextOfType("message").get("text").asText());
                JsonNode message = bob.nextOfType("message");
                seenByBob.add(message.get("text").asText());
                if (message.get("text").asText().startsWith("a")) {
                    assertEquals(aliceId, message.get("id").asLong());
                    assertEquals("guest" + aliceId, message.get("name").asText());
                }
            }
            assertEquals(seenByAlice, seenByBob);
            assertEquals(20, seenByAlice.stream().distinct().count());
            for (URL node : List.of(tomcat, ClusterNodes.payara())) {
                String metrics = Nodes.get(node, "metrics").body();
                assertTrue(crossNode(metrics, "in") >= 10 && crossNode(metrics, "out") >= 10, metrics);
            }
        }
    }

    /** {@code switchboard_cluster_messages_total{direction="…"}} from a Prometheus scrape. */
    private static double crossNode(String metrics, String direction) {
        return metrics.lines().filter(line -> line.startsWith("switchboard_cluster_messages_total{direction=\"" + direction + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void aNewcomerOnTheOtherNodeGetsTheHistoryAsReplay() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(onTomcat(room), "json")) {
            alice.nextOfType("id");
            alice.send("{\"type\":\"message\",\"text\":\"first\"}");
            alice.send("{\"type\":\"message\",\"text\":\"second\"}");
            long firstDate = alice.nextOfType("message").get("date").asLong();
            alice.nextOfType("message");
            try (TestClient bob = TestClient.connect(onPayara(room), "json")) {
                assertEquals("id", bob.nextJson().get("type").asText());
                JsonNode first = bob.nextJson();
                assertEquals("first", first.get("text").asText());
                assertTrue(first.get("replay").asBoolean());
                assertEquals(firstDate, first.get("date").asLong());
                assertEquals("second", bob.nextJson().get("text").asText());
                assertEquals("userlist", bob.nextJson().get("type").asText());
            }
        }
    }
}
