package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/broadcast/{channel}}, deployed with a token and a tiny channel limit (3 at once,
 * then 1 a second) so that 429 is reachable.
 */
@ExtendWith(ArquillianExtension.class)
class PublishApiIT {

    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.publishToken", TOKEN,
                "switchboard.broadcast.channelRate", "1",
                "switchboard.broadcast.channelBurst", "3"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aPublishIsRelayedFromZeroAndAnsweredWith202SeqAndRecipients() throws Exception {
        try (TestClient json = TestClient.connect(SwitchboardWar.ws(base, "broadcast/prices"), "json");
             TestClient text = TestClient.connect(SwitchboardWar.ws(base, "broadcast/prices"))) {
            assertEquals("subscribed", json.nextJson().get("type").asText());
            ServerMetrics.awaitOpenConnections(base, "broadcast", 2); // the text client has no subscribed frame to wait for
            HttpResponse<String> response = new PublishClient(base, TOKEN).publish("prices", "EURUSD 1.0842");
            assertEquals(202, response.statusCode());
            JsonNode answer = JSON.readTree(response.body());
            assertEquals(2, answer.get("recipients").asInt());
            JsonNode envelope = json.nextJson();
            assertEquals(answer.get("seq").asLong(), envelope.get("seq").asLong());
            assertEquals(0, envelope.get("from").asLong());
            assertEquals("EURUSD 1.0842", envelope.get("text").asText());
            assertEquals("EURUSD 1.0842", text.nextText());
        }
    }

    @Test
    void aMissingOrWrongTokenIs401() throws Exception {
        assertEquals(401, new PublishClient(base, null).publish("prices", "x").statusCode());
        assertEquals(401, new PublishClient(base, TOKEN + "x").publish("prices", "x").statusCode());
        assertEquals(401, new PublishClient(base, TOKEN.substring(1)).publish("prices", "x").statusCode());
    }

    @Test
    void aBodyOverTheMessageLimitIs413() throws Exception {
        assertEquals(413, new PublishClient(base, TOKEN).publish("prices", "x".repeat(16_385)).statusCode());
        assertEquals(202, new PublishClient(base, TOKEN).publish("quiet", "x".repeat(16_384)).statusCode());
    }

    @Test
    void overTheChannelLimitIs429WithRetryAfter() throws Exception {
        try (TestClient listener = TestClient.connect(SwitchboardWar.ws(base, "broadcast/busy"))) {
            ServerMetrics.awaitOpenConnections(base, "broadcast", 1);
            PublishClient publisher = new PublishClient(base, TOKEN);
            HttpResponse<String> response = null;
            for (int i = 0; i < 5; i++) {
                response = publisher.publish("busy", "m" + i);
                if (response.statusCode() == 429) {
                    break;
                }
                assertEquals(202, response.statusCode());
            }
            assertEquals(429, response.statusCode());
            assertTrue(Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        }
    }

    @Test
    void anInvalidChannelNameIs400() throws Exception {
        assertEquals(400, new PublishClient(base, TOKEN).publish("bad!name", "x").statusCode());
    }
}
