package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.InProcessSwitchboard;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broadcast on Tyrus's own server, in process (docs/protocol.md §5), default settings. */
class BroadcastInProcessTest {

    @RegisterExtension
    static final InProcessSwitchboard server = InProcessSwitchboard.with(Map.of());

    private static String freshChannel() {
        return "ch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void withoutAnOfferTheTextIsRelayedExactlyToEveryoneOnTheChannelIncludingTheSender() throws Exception {
        String channel = freshChannel();
        try (TestClient alice = TestClient.connect(server.ws("broadcast/" + channel));
             TestClient bob = TestClient.connect(server.ws("broadcast/" + channel))) {
            assertEquals("", alice.subprotocol());
            server.awaitOpenConnections(2);
            alice.send("  {\"not\": \"parsed\"} ");
            assertEquals("  {\"not\": \"parsed\"} ", alice.nextText());
            assertEquals("  {\"not\": \"parsed\"} ", bob.nextText());
        }
    }

    @Test
    void jsonSubscribersGetEnvelopesWhoseSeqRisesByOne() throws Exception {
        String channel = freshChannel();
        try (TestClient publisher = TestClient.connect(server.ws("broadcast/" + channel), "text", "json");
             TestClient listener = TestClient.connect(server.ws("broadcast/" + channel), "json")) {
            assertEquals("json", publisher.subprotocol());
            server.awaitOpenConnections(2);
            publisher.send("one");
            publisher.send("two");
            JsonNode first = listener.nextOfType("broadcast");
            JsonNode second = listener.nextOfType("broadcast");
            assertEquals(channel, first.get("channel").asText());
            assertEquals("one", first.get("text").asText());
            assertEquals("two", second.get("text").asText());
            assertEquals(first.get("seq").asLong() + 1, second.get("seq").asLong());
            assertTrue(first.get("from").asLong() > 0, "from is the publisher's connection id");
            assertEquals(first.get("from").asLong(), second.get("from").asLong());
        }
    }

    @Test
    void slashBroadcastIsChannelAll() throws Exception {
        try (TestClient bare = TestClient.connect(server.ws("broadcast"));
             TestClient named = TestClient.connect(server.ws("broadcast/all"))) {
            server.awaitOpenConnections(2);
            bare.send("to all");
            assertEquals("to all", named.nextText());
        }
    }

    @Test
    void anInvalidChannelNameIsClosedWith1008InvalidName() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("broadcast/" + "x".repeat(65)))) {
            CloseReason reason = client.awaitClose();
            assertEquals(1008, reason.getCloseCode().getCode());
            assertEquals("invalid name", reason.getReasonPhrase());
        }
    }
}
