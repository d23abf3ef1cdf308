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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay-to-live hand-over on a real container while messages never stop: a client leaves and
 * resumes again and again, and across all its connections sees every seq once, in order.
 */
@ExtendWith(ArquillianExtension.class)
class ResumeUnderLoadIT {

    private static final String TOKEN = "resume-load-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 12;
    private static final int LIVE_PER_ROUND = 5;

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.publishToken", TOKEN,
                "switchboard.broadcast.history", "10000"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aClientResumingOverAndOverWhileMessagesFlowSeesEverySeqExactlyOnce() throws Exception {
        String channel = "resume-load";
        URI plain = SwitchboardWar.ws(base, "broadcast/" + channel);
        String epoch;
        long seen;
        try (TestClient first = TestClient.connect(plain, "json")) {
            JsonNode subscribed = first.nextJson();
            epoch = subscribed.get("epoch").asText();
            seen = subscribed.get("seq").asLong();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastPublished = new AtomicLong();
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        Future<?> publishing = publisher.submit(() -> {
            PublishClient api = new PublishClient(base, TOKEN);
            while (!stop.get()) {
                HttpResponse<String> response = api.publish(channel, "flowing");
                if (response.statusCode() == 202) {
                    lastPublished.set(JSON.readTree(response.body()).get("seq").asLong());
                } else {
                    assertEquals(429, response.statusCode(), response.body());
                }
            }
            return null;
        });
        try {
            for (int round = 0; round < ROUNDS; round++) {
                try (TestClient client = TestClient.connect(URI.create(plain + "?since=" + seen + "&epoch=" + epoch), "json")) {
                    JsonNode subscribed = client.nextJson();
                    assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
                    assertEquals(epoch, subscribed.get("epoch").asText());
                    long handOver = subscribed.get("seq").asLong();
                    while (seen < handOver + LIVE_PER_ROUND) {
                        JsonNode envelope = client.nextJson();
                        assertEquals("broadcast", envelope.get("type").asText(), "round " + round + ": " + envelope);
                        long seq = envelope.get("seq").asLong();
                        assertEquals(seen + 1, seq, "round " + round + ": no gap, no duplicate");
                        assertEquals(seq <= handOver, envelope.path("replay").asBoolean(false),
                                "replayed up to the subscribed seq " + handOver + ", live after: " + envelope);
                        seen = seq;
                    }
                }
            }
        } finally {
            stop.set(true);
            publishing.get(30, TimeUnit.SECONDS);
            publisher.shutdown();
        }
        long total = lastPublished.get();
        assertTrue(total >= seen, "the publisher numbered everything this client saw");
        try (TestClient last = TestClient.connect(URI.create(plain + "?since=" + seen + "&epoch=" + epoch), "json")) {
            assertEquals(total, last.nextJson().get("seq").asLong());
            for (long seq = seen + 1; seq <= total; seq++) {
                JsonNode envelope = last.nextJson();
                assertEquals(seq, envelope.get("seq").asLong(), envelope.toString());
                assertTrue(envelope.get("replay").asBoolean());
            }
        }
    }
}
