package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.TestClient;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Steps the chat tests share, in process and on containers alike. */
final class ChatTesting {

    private ChatTesting() {}

    /** A room no other test uses. */
    static String freshRoom() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads the opening frames of a room without history (id, then the user list) and answers the id. */
    static long joinedId(TestClient client) throws Exception {
        JsonNode id = client.nextJson();
        assertEquals("id", id.get("type").asText());
        client.nextOfType("userlist");
        return id.get("id").asLong();
    }

    /** The names of a {@code userlist} event, in order. */
    static List<String> users(JsonNode userlist) {
        return StreamSupport.stream(userlist.get("users").spliterator(), false).map(JsonNode::asText).toList();
    }
}
