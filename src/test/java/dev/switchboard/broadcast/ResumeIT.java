package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.PublishClient;
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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §5 "Subscription and resume" on a real container: a history of 5 and a retain window
 * of 4 s, so that gaps and expiry are reachable in a test.
 */
@ExtendWith(ArquillianExtension.class)
class ResumeIT {

    private static final String TOKEN = "resume-token-0123456789";
    private static final int RETAIN_SECONDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.publishToken", TOKEN,
                "switchboard.broadcast.history", "5",
                "switchboard.broadcast.retainSeconds", String.valueOf(RETAIN_SECONDS)));
    }

    @ArquillianResource
    private URL base;

    private static String freshChannel() {
        return "resume-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private TestClient subscribe(String channel) throws Exception {
        return TestClient.connect(SwitchboardWar.ws(base, "broadcast/" + channel), "json");
    }

    private TestClient resume(String channel, long since, String epoch) throws Exception {
        return TestClient.connect(URI.create(SwitchboardWar.ws(base, "broadcast/" + channel) + "?since=" + since + "&epoch=" + epoch), "json");
    }

    private JsonNode publish(String channel, String text) throws Exception {
        HttpResponse<String> response = new PublishClient(base, TOKEN).publish(channel, text);
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode expectSubscribed(TestClient client, String channel, long seq) throws Exception {
        JsonNode subscribed = client.nextJson();
        assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
        assertEquals(channel, subscribed.get("channel").asText());
        assertEquals(seq, subscribed.get("seq").asLong(), subscribed.toString());
        assertFalse(subscribed.get("epoch").asText().isEmpty());
        assertEquals(4, subscribed.size(), "type, channel, seq, epoch: " + subscribed);
        return subscribed;
    }

    private static void expectEnvelope(TestClient client, long seq, String text, boolean replay) throws Exception {
        JsonNode envelope = client.nextJson();
        assertEquals("broadcast", envelope.get("type").asText(), envelope.toString());
        assertEquals(seq, envelope.get("seq").asLong(), envelope.toString());
        assertEquals(text, envelope.get("text").asText());
        if (replay) {
            assertTrue(envelope.get("replay").asBoolean(), envelope.toString());
        } else {
            assertNull(envelope.get("replay"), envelope.toString());
        }
    }

    @Test
    void subscribedIsTheFirstFrameAndEveryMessageAfterItArrives() throws Exception {
        String channel = freshChannel();
        try (TestClient client = subscribe(channel)) {
            expectSubscribed(client, channel, 0);
            // no pause: once subscribed has arrived, the very next publish reaches the client
            assertEquals(1, publish(channel, "right away").get("seq").asLong());
            expectEnvelope(client, 1, "right away", false);
        }
    }

    @Test
    void aClientJoiningWhileMessagesFlowGetsSubscribedThenTheNextSeqWithoutAGap() throws Exception {
        String channel = freshChannel();
        try (TestClient publisher = subscribe(channel)) {
            expectSubscribed(publisher, channel, 0);
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread flow = new Thread(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        publisher.send("flow " + i);
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            flow.start();
            try (TestClient late = subscribe(channel)) {
                JsonNode subscribed = late.nextJson();
                assertEquals("subscribed", subscribed.get("type").asText());
                flow.join();
                assertNull(failed.get());
                long seq = subscribed.get("seq").asLong();
                for (long next = seq + 1; next <= 40; next++) {
                    JsonNode envelope = late.nextJson();
                    assertEquals(next, envelope.get("seq").asLong(), envelope.toString());
                    assertEquals("flow " + (next - 1), envelope.get("text").asText());
                }
            }
        }
    }

    @Test
    void aClientThatReconnectsWithItsSeqAndEpochGetsWhatItMissedThenLiveMessages() throws Exception {
        String channel = freshChannel();
        try (TestClient keeper = subscribe(channel)) {
            expectSubscribed(keeper, channel, 0);
            String epoch;
            try (TestClient client = subscribe(channel)) {
                epoch = expectSubscribed(client, channel, 0).get("epoch").asText();
                publish(channel, "seen");
                expectEnvelope(client, 1, "seen", false);
            }
            publish(channel, "missed 1");
            publish(channel, "missed 2");
            try (TestClient back = resume(channel, 1, epoch)) {
                assertEquals(epoch, expectSubscribed(back, channel, 3).get("epoch").asText());
                expectEnvelope(back, 2, "missed 1", true);
                expectEnvelope(back, 3, "missed 2", true);
                publish(channel, "live");
                expectEnvelope(back, 4, "live", false);
                assertNull(back.poll(Duration.ofMillis(300)), "nothing twice");
            }
        }
    }

    @Test
    void aClientThatMissedMoreThanTheHistoryIsToldHowManyAreGoneFirst() throws Exception {
        String channel = freshChannel();
        try (TestClient keeper = subscribe(channel)) {
            String epoch = expectSubscribed(keeper, channel, 0).get("epoch").asText();
            for (int i = 1; i <= 8; i++) {
                publish(channel, "m" + i);
            }
            try (TestClient back = resume(channel, 0, epoch)) {
                expectSubscribed(back, channel, 8);
                JsonNode dropped = back.nextJson();
                assertEquals("{\"type\":\"dropped\",\"count\":3}", dropped.toString());
                for (int seq = 4; seq <= 8; seq++) {
                    expectEnvelope(back, seq, "m" + seq, true);
                }
            }
        }
    }

    @Test
    void aClientWithAnotherEpochIsReplayedNothing() throws Exception {
        String channel = freshChannel();
        try (TestClient keeper = subscribe(channel)) {
            expectSubscribed(keeper, channel, 0);
            publish(channel, "before");
            try (TestClient stale = resume(channel, 0, "not-the-epoch")) {
                expectSubscribed(stale, channel, 1);
                publish(channel, "after");
                expectEnvelope(stale, 2, "after", false);
            }
        }
    }

    @Test
    void anEmptyChannelIsResumableForRetainSecondsThenStartsOverUnderANewEpoch() throws Exception {
        String channel = freshChannel();
        String epoch;
        try (TestClient client = subscribe(channel)) {
            epoch = expectSubscribed(client, channel, 0).get("epoch").asText();
            publish(channel, "seen");
            expectEnvelope(client, 1, "seen", false);
        }
        // published to nobody once the server has seen the close, but numbered and kept
        long[] lastSeq = {1};
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode answer = publish(channel, "while empty");
            lastSeq[0] = answer.get("seq").asLong();
            return answer.get("recipients").asInt() == 0;
        });
        long left;
        try (TestClient back = resume(channel, 1, epoch)) {
            expectSubscribed(back, channel, lastSeq[0]);
            for (long seq = 2; seq <= lastSeq[0]; seq++) {
                expectEnvelope(back, seq, "while empty", true);
            }
            left = System.nanoTime(); // before the close: the server's window cannot start earlier
        }
        await().atMost(Duration.ofSeconds(RETAIN_SECONDS + 20)).pollInterval(Duration.ofMillis(250))
                .until(() -> publish(channel, "probe").get("seq").asLong() == 0);
        long forgottenAfterMillis = (System.nanoTime() - left) / 1_000_000;
        assertTrue(forgottenAfterMillis >= RETAIN_SECONDS * 1000L, "kept for the whole window, forgotten after "
                + forgottenAfterMillis + " ms");
        try (TestClient late = resume(channel, lastSeq[0], epoch)) {
            JsonNode subscribed = expectSubscribed(late, channel, 0);
            assertNotEquals(epoch, subscribed.get("epoch").asText());
            publish(channel, "new era");
            expectEnvelope(late, 1, "new era", false);
        }
    }
}
