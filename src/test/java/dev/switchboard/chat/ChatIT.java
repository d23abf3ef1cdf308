package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static dev.switchboard.chat.ChatTesting.freshRoom;
import static dev.switchboard.chat.ChatTesting.joinedId;
import static dev.switchboard.chat.ChatTesting.users;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/protocol.md §4 on a real container, default settings. */
@ExtendWith(ArquillianExtension.class)
class ChatIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private URL base;

    private URI room(String name) {
        return SwitchboardWar.ws(base, "chat/" + name);
    }

    @Test
    void theFirstFrameIsAPositiveIdThenTheUserListNamesTheGuest() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()), "json")) {
            assertEquals("json", client.subprotocol());
            JsonNode id = client.nextJson();
            assertEquals("id", id.get("type").asText());
            assertTrue(id.get("id").asLong() > 0);
            assertTrue(Math.abs(id.get("date").asLong() - System.currentTimeMillis()) < 60_000);
            JsonNode userlist = client.nextJson();
            assertEquals("userlist", userlist.get("type").asText());
            assertEquals(List.of("guest" + id.get("id").asLong()), users(userlist));
        }
    }

    @Test
    void idsAreUniqueAcrossRoomsAndEndpoints() throws Exception {
        try (TestClient a = TestClient.connect(room(freshRoom()));
             TestClient b = TestClient.connect(SwitchboardWar.ws(base, "chat"))) {
            assertNotEquals(joinedId(a), joinedId(b));
        }
    }

    @Test
    void aMessageReachesEveryoneInTheRoomIncludingTheSender() throws Exception {
        String name = freshRoom();
        try (TestClient alice = TestClient.connect(room(name)); TestClient bob = TestClient.connect(room(name))) {
            long aliceId = joinedId(alice);
            joinedId(bob);
            alice.nextOfType("userlist"); // bob joined
            alice.send("{\"type\":\"message\",\"text\":\"hi <b>all</b>\",\"id\":999,\"date\":1}");
            for (TestClient client : List.of(alice, bob)) {
                JsonNode message = client.nextOfType("message");
                assertEquals(aliceId, message.get("id").asLong());
                assertEquals("guest" + aliceId, message.get("name").asText());
                assertEquals("hi all", message.get("text").asText());
                assertTrue(message.get("date").asLong() > 1);
                assertFalse(message.has("replay"));
            }
        }
    }

    @Test
    void roomsAreIsolated() throws Exception {
        try (TestClient here = TestClient.connect(room(freshRoom()));
             TestClient there = TestClient.connect(room(freshRoom()))) {
            joinedId(here);
            joinedId(there);
            here.send("{\"type\":\"message\",\"text\":\"only here\"}");
            assertEquals("only here", here.nextOfType("message").get("text").asText());
            assertEquals(null, there.poll(java.time.Duration.ofMillis(500))); // proves an absence: a fixed wait
        }
    }

    @Test
    void aTakenNameIsAnsweredWithRejectUsernameThenAnnounced() throws Exception {
        String name = freshRoom();
        try (TestClient alice = TestClient.connect(room(name)); TestClient bob = TestClient.connect(room(name))) {
            joinedId(alice);
            long bobId = joinedId(bob);
            alice.send("{\"type\":\"username\",\"name\":\"alice\"}");
            bob.nextOfType("userlist");
            bob.send("{\"type\":\"username\",\"name\":\"ALICE\"}");
            JsonNode reject = bob.nextJson();
            assertEquals("rejectusername", reject.get("type").asText());
            assertEquals("ALICE1", reject.get("name").asText());
            assertEquals(bobId, reject.get("id").asLong());
            JsonNode username = bob.nextJson();
            assertEquals("username", username.get("type").asText());
            assertEquals("ALICE1", username.get("name").asText());
            assertEquals(List.of("alice", "ALICE1"), users(bob.nextJson()));
            JsonNode seenByAlice = alice.nextOfType("username");
            while (!seenByAlice.get("name").asText().equals("ALICE1")) {
                seenByAlice = alice.nextOfType("username");
            }
            assertEquals(List.of("alice", "ALICE1"), users(alice.nextOfType("userlist")));
        }
    }

    @Test
    void aNewcomerGetsTheHistoryAsReplayWithOriginalDates() throws Exception {
        String name = freshRoom();
        try (TestClient alice = TestClient.connect(room(name))) {
            joinedId(alice);
            alice.send("{\"type\":\"message\",\"text\":\"first\"}");
            long firstDate = alice.nextOfType("message").get("date").asLong();
            alice.send("{\"type\":\"message\",\"text\":\"second\"}");
            long secondDate = alice.nextOfType("message").get("date").asLong();
            // bob joins on a later millisecond, so a replay stamped at join time would show
            await().atMost(TestClient.WAIT).until(() -> System.currentTimeMillis() > secondDate);
            try (TestClient bob = TestClient.connect(room(name))) {
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

    @Test
    void badInputIsAnsweredWithAnErrorAndTheConnectionLivesOn() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()))) {
            joinedId(client);
            client.send("this is not json");
            assertEquals("bad-json", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"shout\"}");
            assertEquals("unknown-type", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"message\",\"text\":{\"nested\":true}}");
            assertEquals("invalid-field", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"username\",\"name\":42}");
            assertEquals("invalid-field", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"message\",\"text\":\"   \"}");
            assertEquals("invalid-field", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"message\",\"text\":\"" + "x".repeat(2001) + "\"}");
            assertEquals("too-long", client.nextOfType("error").get("code").asText());
            client.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", client.nextOfType("message").get("text").asText());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void sixtyMessagesAtOnceAreEachDeliveredOrRateLimited() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()))) {
            joinedId(client);
            for (int i = 0; i < 60; i++) {
                client.send("{\"type\":\"message\",\"text\":\"m" + i + "\"}");
            }
            int delivered = 0;
            int limited = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode event = client.nextJson();
                if (event.get("type").asText().equals("message")) {
                    delivered++;
                } else {
                    assertEquals("rate-limited", event.get("code").asText());
                    assertTrue(event.get("retryAfterMillis").asLong() > 0);
                    limited++;
                }
            }
            assertTrue(delivered >= 20, "the burst of 20 is delivered, got " + delivered);
            assertEquals(60, delivered + limited);
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()))) {
            joinedId(client);
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(1003, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void aFrameOver16KiBClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()))) {
            joinedId(client);
            client.send("{\"type\":\"message\",\"text\":\"" + "x".repeat(16_400) + "\"}");
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void anInvalidRoomNameClosesWith1008() throws Exception {
        for (String invalid : List.of("x".repeat(65), "bad!name")) {
            try (TestClient client = TestClient.connect(room(invalid))) {
                var reason = client.awaitClose();
                assertEquals(1008, reason.getCloseCode().getCode(), invalid);
                assertEquals("invalid name", reason.getReasonPhrase());
            }
        }
    }

    @Test
    void aPercentEncodedNonAsciiRoomNameClosesWith1008() throws Exception {
        // sent by hand: the Tyrus client puts raw non-ASCII bytes on the request line
        try (Socket socket = RawHandshake.open(base, "chat/caf%C3%A9", Map.of("Origin", "http://localhost"))) {
            assertEquals(1008, RawHandshake.readCloseCode(socket));
        }
    }

    @Test
    void chatWithoutARoomIsTheLobby() throws Exception {
        try (TestClient lobby = TestClient.connect(SwitchboardWar.ws(base, "chat"));
             TestClient named = TestClient.connect(room("lobby"))) {
            joinedId(lobby);
            long namedId = joinedId(named);
            named.send("{\"type\":\"message\",\"text\":\"in the lobby\"}");
            JsonNode message = lobby.nextOfType("message");
            assertEquals(namedId, message.get("id").asLong());
        }
    }

    @Test
    void withoutASubprotocolOfferTheChatStillSpeaksJson() throws Exception {
        try (TestClient client = TestClient.connect(room(freshRoom()))) {
            assertEquals("", client.subprotocol());
            joinedId(client);
        }
    }

    @Test
    void anOfferOfOnlyUnsupportedSubprotocolsGetsNoSubprotocolBack() throws Exception {
        RawHandshake.Response response = RawHandshake.send(base, "chat/" + freshRoom(),
                Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "text"));
        assertEquals(101, response.status());
        assertEquals(null, response.header("Sec-WebSocket-Protocol"));
    }

    @Test
    void leavingByCleanCloseUpdatesTheUserList() throws Exception {
        String name = freshRoom();
        try (TestClient stays = TestClient.connect(room(name))) {
            long staysId = joinedId(stays);
            TestClient leaves = TestClient.connect(room(name));
            joinedId(leaves);
            assertEquals(2, users(stays.nextOfType("userlist")).size());
            leaves.close();
            assertEquals(List.of("guest" + staysId), users(stays.nextOfType("userlist")));
        }
    }

    /**
     * Most containers report the reset at once. Tyrus on GlassFish and Payara drops the TCP connection
     * without telling the endpoint for some resets (2 and 5 in 30 in two runs); the room's next write to the member
     * fails, and that releases it (the idle timeout would otherwise, 90 s later).
     */
    @Test
    void aMemberWhoseConnectionDroppedLeavesTheUserListAtTheLatestWhenTheRoomNextWritesToIt() throws Exception {
        String name = freshRoom();
        try (TestClient stays = TestClient.connect(room(name))) {
            long staysId = joinedId(stays);
            Socket dropped = RawHandshake.open(base, "chat/" + name, Map.of("Origin", "http://localhost"));
            assertEquals(2, users(stays.nextOfType("userlist")).size());
            dropped.setSoLinger(true, 0); // RST, no close frame
            dropped.close();
            stays.send("{\"type\":\"message\",\"text\":\"still there?\"}");
            assertEquals(List.of("guest" + staysId), users(stays.nextOfType("userlist")));
        }
    }
}
