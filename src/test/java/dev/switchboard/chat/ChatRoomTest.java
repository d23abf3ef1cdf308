package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.delivery.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRoomTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ChatRoom room = new ChatRoom(3, clock::get, new ChatEventEncoder());
    private final RecordingTransport alice = new RecordingTransport();
    private final RecordingTransport bob = new RecordingTransport();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void joiningSendsTheUserListToEveryone() throws Exception {
        room.join(1, alice.outbox());
        room.join(2, bob.outbox());
        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\",\"guest2\"],\"date\":1000}", alice.last());
        assertEquals(alice.last(), bob.last());
    }

    @Test
    void aMessageGoesToEveryoneIncludingTheSender() throws Exception {
        room.join(1, alice.outbox());
        room.join(2, bob.outbox());
        room.post(1, "hello");
        String expected = "{\"type\":\"message\",\"id\":1,\"name\":\"guest1\",\"text\":\"hello\",\"date\":1000}";
        assertEquals(expected, alice.last());
        assertEquals(expected, bob.last());
    }

    @Test
    void aNewcomerGetsTheLastMessagesAsReplayWithTheirOriginalDates() throws Exception {
        room.join(1, alice.outbox());
        for (int i = 0; i < 5; i++) {
            clock.set(2_000 + i);
            room.post(1, "m" + i);
        }
        clock.set(9_000);
        room.join(2, bob.outbox());
        List<String> sent = bob.sent;
        assertEquals(4, sent.size()); // 3 history + userlist
        for (int i = 0; i < 3; i++) {
            JsonNode message = json(sent.get(i));
            assertEquals("m" + (i + 2), message.get("text").asText());
            assertEquals(2_000 + i + 2, message.get("date").asLong());
            assertTrue(message.get("replay").asBoolean());
        }
        assertEquals("userlist", json(sent.get(3)).get("type").asText());
    }

    @Test
    void aTakenNameIsRejectedWithTheAssignedOneThenAnnounced() throws Exception {
        room.join(1, alice.outbox());
        room.rename(1, "alice");
        room.join(2, bob.outbox());
        bob.sent.clear();
        alice.sent.clear();
        room.rename(2, "Alice");
        assertEquals(List.of(
                "{\"type\":\"rejectusername\",\"id\":2,\"name\":\"Alice1\",\"date\":1000}",
                "{\"type\":\"username\",\"id\":2,\"name\":\"Alice1\",\"date\":1000}",
                "{\"type\":\"userlist\",\"users\":[\"alice\",\"Alice1\"],\"date\":1000}"), bob.sent);
        assertEquals(bob.sent.subList(1, 3), alice.sent);
    }

    @Test
    void aFreeNameIsAnnouncedWithoutRejection() throws Exception {
        room.join(1, alice.outbox());
        alice.sent.clear();
        room.rename(1, "alice");
        assertEquals("username", json(alice.sent.get(0)).get("type").asText());
        assertEquals(2, alice.sent.size());
    }

    @Test
    void leavingUpdatesTheUserListAndTellsWhenTheRoomIsEmpty() throws Exception {
        room.join(1, alice.outbox());
        room.join(2, bob.outbox());
        assertFalse(room.leave(2));
        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\"],\"date\":1000}", alice.last());
        assertTrue(room.leave(1));
    }
}
