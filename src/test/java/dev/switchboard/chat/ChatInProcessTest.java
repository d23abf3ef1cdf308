package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.InProcessSwitchboard;
import dev.switchboard.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static dev.switchboard.chat.ChatTesting.freshRoom;
import static dev.switchboard.chat.ChatTesting.joinedId;
import static dev.switchboard.chat.ChatTesting.users;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MDN chat on Tyrus's own server, in process (docs/protocol.md §4), default settings. */
class ChatInProcessTest {

    @RegisterExtension
    static final InProcessSwitchboard server = InProcessSwitchboard.with(Map.of());

    @Test
    void aNewClientGetsAPositiveIdThenAUserListWithItsGuestName() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("chat/" + freshRoom()))) {
            JsonNode id = client.nextJson();
            assertEquals("id", id.get("type").asText());
            long number = id.get("id").asLong();
            assertTrue(number > 0);
            JsonNode userlist = client.nextJson();
            assertEquals("userlist", userlist.get("type").asText());
            assertEquals(List.of("guest" + number), users(userlist));
        }
    }

    @Test
    void aMessageReachesEveryoneInTheRoomWithTheSendersIdAndNameAndTagsStripped() throws Exception {
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(server.ws("chat/" + room))) {
            long aliceId = joinedId(alice);
            try (TestClient bob = TestClient.connect(server.ws("chat/" + room))) {
                joinedId(bob);
                alice.nextOfType("userlist");
                alice.send("{\"type\":\"message\",\"text\":\"<b>hi</b> all\"}");
                for (TestClient member : List.of(alice, bob)) {
                    JsonNode message = member.nextOfType("message");
                    assertEquals(aliceId, message.get("id").asLong());
                    assertEquals("guest" + aliceId, message.get("name").asText());
                    assertEquals("hi all", message.get("text").asText());
                }
            }
        }
    }

    @Test
    void aTakenNameIgnoringCaseIsRejectedWithTheSmallestFreeSuffix() throws Exception {
        String room = freshRoom();
        try (TestClient alice = TestClient.connect(server.ws("chat/" + room));
             TestClient bob = TestClient.connect(server.ws("chat/" + room))) {
            alice.nextOfType("id");
            alice.send("{\"type\":\"username\",\"name\":\"alice\"}");
            assertEquals("alice", alice.nextOfType("username").get("name").asText());
            bob.nextOfType("id");
            bob.send("{\"type\":\"username\",\"name\":\"Alice\"}");
            assertEquals("Alice1", bob.nextOfType("rejectusername").get("name").asText());
            assertEquals("Alice1", bob.nextOfType("username").get("name").asText());
        }
    }

    @Test
    void badJsonIsAnsweredWithAnErrorAndTheConnectionStaysOpen() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("chat"))) {
            joinedId(client);
            client.send("not json");
            JsonNode error = client.nextJson();
            assertEquals("error", error.get("type").asText());
            assertEquals("bad-json", error.get("code").asText());
            client.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", client.nextOfType("message").get("text").asText());
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("chat/" + freshRoom()))) {
            joinedId(client);
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(1003, client.awaitClose().getCloseCode().getCode());
        }
    }
}
