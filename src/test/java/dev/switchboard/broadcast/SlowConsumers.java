package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.PublishClient;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;

import java.net.Socket;
import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario both slow-consumer tests share: one client stops reading while 24 MB are published
 * to its channel; a second client on the channel must still get every message. 24 MB rather than
 * 8: beside the kernel's socket buffers, Payara's Grizzly accepts several MB per connection into
 * its own write queue before a send stays pending, and only then does the outbox bound apply.
 */
final class SlowConsumers {

    static final String TOKEN = "slow-consumer-token";
    static final int MESSAGES = 1536;
    static final int MESSAGE_CHARS = 16_000; // 1536 × 16 000 ≈ 24 MB

    private SlowConsumers() {}

    static Map<String, String> settings(String policy) {
        return Map.of("switchboard.publishToken", TOKEN, "switchboard.broadcast.slowConsumer", policy);
    }

    /**
     * A json subscriber that reads nothing until told to. (Its TCP window is left alone: a tiny one
     * makes loopback TCP crawl once reading starts.) 24 MB overflow the kernel's buffers, a few MB
     * here, and the container's own write queue, plus the 1 MiB outbox bound.
     */
    static Socket stalledSubscriber(URL base, String channel) throws Exception {
        return RawHandshake.open(base, "broadcast/" + channel,
                Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "json"));
    }

    /** Publishes 24 MB while {@code fast} reads; asserts that it got every message, in seq order. */
    static void publishWhileFastClientKeepsUp(URL base, String channel, TestClient fast) throws Exception {
        PublishClient publisher = new PublishClient(base, TOKEN);
        String payload = "p".repeat(MESSAGE_CHARS);
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(202, publisher.publish(channel, i + ":" + payload).statusCode(), "publish " + i);
        }
        long previousSeq = 0;
        for (int i = 0; i < MESSAGES; i++) {
            JsonNode event = fast.nextJson();
            assertEquals("broadcast", event.get("type").asText(), "the fast client never loses a message");
            assertTrue(event.get("text").asText().startsWith(i + ":"));
            if (previousSeq > 0) {
                assertEquals(previousSeq + 1, event.get("seq").asLong());
            }
            previousSeq = event.get("seq").asLong();
        }
    }

    /** A json subscriber that keeps up, returned once it is on the channel (it got {@code subscribed}). */
    static TestClient fastSubscriber(URL base, String channel) throws Exception {
        TestClient client = TestClient.connect(SwitchboardWar.ws(base, "broadcast/" + channel), "json");
        assertEquals("subscribed", client.nextJson().get("type").asText());
        return client;
    }
}
