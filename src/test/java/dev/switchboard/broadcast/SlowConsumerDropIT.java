package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.PublishClient;
import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.ServerMetrics;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slowConsumer=drop}: the stalled client loses its oldest messages, is told how many, and nothing else is lost. */
@ExtendWith(ArquillianExtension.class)
class SlowConsumerDropIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(SlowConsumers.settings("drop"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aStalledClientCostsTheOthersNothingAndIsToldWhatItLost() throws Exception {
        String channel = "slow-drop";
        try (Socket stalled = SlowConsumers.stalledSubscriber(base, channel);
             TestClient fast = SlowConsumers.fastSubscriber(base, channel)) {
            ServerMetrics.awaitOpenConnections(base, "broadcast", 2);
            SlowConsumers.publishWhileFastClientKeepsUp(base, channel, fast);

            // one more message, so that the stalled client has a "next message" to be told before
            new PublishClient(base, SlowConsumers.TOKEN).publish(channel, "last");
            RawFrames frames = new RawFrames(stalled);
            long delivered = 0;
            long dropped = 0;
            while (true) {
                JsonNode event = JSON.readTree(frames.next().text());
                if (event.get("type").asText().equals("subscribed")) {
                    continue;
                }
                if (event.get("type").asText().equals("dropped")) {
                    dropped += event.get("count").asLong();
                } else if (event.get("text").asText().equals("last")) {
                    break;
                } else {
                    delivered++;
                }
            }
            assertTrue(dropped > 0, "a stalled client past 1 MiB must have lost messages");
            assertEquals(SlowConsumers.MESSAGES, delivered + dropped, "every message was delivered or counted as dropped");
        }
    }
}
