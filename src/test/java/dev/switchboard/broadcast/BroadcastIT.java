package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.PublishClient;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.ServerMetrics;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/protocol.md §5 on a real container, default settings (so the publish API is off). */
@ExtendWith(ArquillianExtension.class)
class BroadcastIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private URL base;

    private URI channel(String name) {
        return SwitchboardWar.ws(base, "broadcast/" + name);
    }

    private static String freshChannel() {
        return "ch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits until the server has subscribed the {@code sessions} clients that just connected. */
    private void settle(int sessions) {
        ServerMetrics.awaitOpenConnections(base, "broadcast", sessions);
    }

    @Test
    void withoutAnOfferTheTextSubprotocolRelaysExactlyTheTextToEveryoneIncludingTheSender() throws Exception {
        String name = freshChannel();
        try (TestClient alice = TestClient.connect(channel(name)); TestClient bob = TestClient.connect(channel(name))) {
            assertEquals("", alice.subprotocol());
            settle(2);
            String text = "  {\"not\": \"parsed\"} \u4f60\u597d  ";
            alice.send(text);
            assertEquals(text, alice.nextText());
            assertEquals(text, bob.nextText());
        }
    }

    @Test
    void aLongMessageIsNotCut() throws Exception {
        String name = freshChannel();
        try (TestClient client = TestClient.connect(channel(name), "text")) {
            assertEquals("text", client.subprotocol());
            settle(1);
            client.send("x".repeat(16_000));
            assertEquals(16_000, client.nextText().length());
        }
    }

    @Test
    void jsonIsPreferredAndCarriesEnvelopesWithConsecutiveSeq() throws Exception {
        String name = freshChannel();
        try (TestClient publisher = TestClient.connect(channel(name), "text", "json");
             TestClient listener = TestClient.connect(channel(name), "json")) {
            assertEquals("json", publisher.subprotocol());
            assertEquals("subscribed", publisher.nextJson().get("type").asText());
            assertEquals("subscribed", listener.nextJson().get("type").asText());
            publisher.send("one");
            publisher.send("two");
            JsonNode first = listener.nextJson();
            JsonNode second = listener.nextJson();
            assertEquals("broadcast", first.get("type").asText());
            assertEquals(name, first.get("channel").asText());
            assertEquals("one", first.get("text").asText());
            assertEquals(first.get("seq").asLong() + 1, second.get("seq").asLong());
            assertEquals(first.get("from").asLong(), second.get("from").asLong());
            assertTrue(first.get("from").asLong() > 0);
            assertTrue(Math.abs(first.get("date").asLong() - System.currentTimeMillis()) < 60_000);
            assertEquals("one", publisher.nextJson().get("text").asText());
        }
    }

    @Test
    void textAndJsonClientsShareAChannel() throws Exception {
        String name = freshChannel();
        try (TestClient text = TestClient.connect(channel(name));
             TestClient json = TestClient.connect(channel(name), "json")) {
            assertEquals("subscribed", json.nextJson().get("type").asText());
            settle(2); // the text client has no subscribed frame to wait for
            text.send("mixed");
            assertEquals("mixed", text.nextText());
            assertEquals("mixed", json.nextJson().get("text").asText());
        }
    }

    @Test
    void channelsAreIsolated() throws Exception {
        try (TestClient here = TestClient.connect(channel(freshChannel()));
             TestClient there = TestClient.connect(channel(freshChannel()))) {
            settle(2);
            here.send("only here");
            assertEquals("only here", here.nextText());
            assertNull(there.poll(Duration.ofMillis(500))); // proves an absence: a fixed wait
        }
    }

    @Test
    void broadcastWithoutAChannelIsTheAllChannel() throws Exception {
        try (TestClient all = TestClient.connect(SwitchboardWar.ws(base, "broadcast"));
             TestClient named = TestClient.connect(channel("all"))) {
            settle(2);
            named.send("to all");
            assertEquals("to all", all.nextText());
        }
    }

    @Test
    void aJsonPublisherOverItsLimitIsToldToWaitAndNothingIsLost() throws Exception {
        String name = freshChannel();
        try (TestClient publisher = TestClient.connect(channel(name), "json")) {
            assertEquals("subscribed", publisher.nextJson().get("type").asText());
            for (int i = 0; i < 60; i++) {
                publisher.send("m" + i);
            }
            int relayed = 0;
            int limited = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode event = publisher.nextJson();
                if (event.get("type").asText().equals("broadcast")) {
                    relayed++;
                } else {
                    assertEquals("error", event.get("type").asText());
                    assertEquals("rate-limited", event.get("code").asText());
                    assertTrue(event.get("retryAfterMillis").asLong() > 0);
                    limited++;
                }
            }
            assertTrue(relayed >= 40, "the burst of 40 is relayed, got " + relayed);
            assertEquals(60, relayed + limited);
        }
    }

    @Test
    void aBinaryFrameClosesWith1003() throws Exception {
        try (TestClient client = TestClient.connect(channel(freshChannel()))) {
            client.send(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1003, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void aFrameOver16KiBClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(channel(freshChannel()))) {
            client.send("x".repeat(16_385));
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void anInvalidChannelNameClosesWith1008() throws Exception {
        for (String invalid : List.of("x".repeat(65), "no!")) {
            try (TestClient client = TestClient.connect(channel(invalid))) {
                var reason = client.awaitClose();
                assertEquals(1008, reason.getCloseCode().getCode());
                assertEquals("invalid name", reason.getReasonPhrase());
            }
        }
    }

    @Test
    void withoutAConfiguredTokenThePublishApiIsOff() throws Exception {
        assertEquals(404, new PublishClient(base, "anything").publish("news", "hi").statusCode());
        assertEquals(404, new PublishClient(base, null).publish("news", "hi").statusCode());
    }
}
