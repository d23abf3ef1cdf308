package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.RecordingTransport;
import dev.switchboard.metrics.EndpointMetrics;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChatSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong nanos = new AtomicLong();
    private final RecordingTransport client = new RecordingTransport();
    private final LocalChatRooms rooms = new LocalChatRooms(50, () -> 1_000, new ChatEventEncoder());
    private final ChatSession session = new ChatSession(1, "lobby", client.outbox(), client, rooms,
            new ConnectionRateLimit(10, 20, nanos::get), 2000, () -> 1_000, new EndpointMetrics(),
            new ChatEventEncoder());

    private JsonNode last() throws Exception {
        return JSON.readTree(client.last());
    }

    @Test
    void theFirstFrameIsTheIdThenTheUserList() throws Exception {
        session.start();
        assertEquals("{\"type\":\"id\",\"id\":1,\"date\":1000}", client.sent.get(0));
        assertEquals("userlist", JSON.readTree(client.sent.get(1)).get("type").asText());
    }

    @Test
    void tagsAreStrippedFromMessages() throws Exception {
        session.start();
        session.receive(new ChatCommand.Post("  <b>bold</b> move "));
        assertEquals("bold move", last().get("text").asText());
    }

    @Test
    void anEmptyMessageAfterStrippingIsAnInvalidField() throws Exception {
        session.start();
        session.receive(new ChatCommand.Post(" <i></i> "));
        assertEquals("invalid-field", last().get("code").asText());
    }

    @Test
    void aTextOverTheLimitIsRefusedNotCut() throws Exception {
        session.start();
        session.receive(new ChatCommand.Post("\uD83D\uDE00".repeat(2000)));
        assertEquals("message", last().get("type").asText());
        session.receive(new ChatCommand.Post("x".repeat(2001)));
        assertEquals("too-long", last().get("code").asText());
    }

    @Test
    void pastTheBurstMessagesAreRefusedWithTheWait() throws Exception {
        session.start();
        for (int i = 0; i < 20; i++) {
            session.receive(new ChatCommand.Post("m" + i));
        }
        session.receive(new ChatCommand.Post("one too many"));
        JsonNode error = last();
        assertEquals("rate-limited", error.get("code").asText());
        assertEquals(100, error.get("retryAfterMillis").asLong());
        assertNull(client.closedWith);
    }

    @Test
    void invalidFramesCountAgainstTheRateLimitToo() throws Exception {
        session.start();
        for (int i = 0; i < 20; i++) {
            session.receive(new ChatCommand.Invalid("bad-json", "not a JSON object"));
        }
        session.receive(new ChatCommand.Post("hi"));
        assertEquals("rate-limited", last().get("code").asText());
    }

    @Test
    void rejectionsInTenConsecutiveSecondsCloseWith1008() {
        session.start();
        for (int second = 0; second < 10; second++) {
            nanos.set(second * 1_000_000_000L);
            for (int i = 0; i < 30; i++) {
                session.receive(new ChatCommand.Post("spam"));
            }
        }
        assertEquals("1008 rate limit exceeded", client.closedWith);
    }

    @Test
    void anOversizedFrameClosesWith1009() {
        session.start();
        session.receive(new ChatCommand.TooBig(20_000));
        assertEquals("1009 message too big", client.closedWith);
    }
}
