package dev.switchboard.cluster;

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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel spanning a Tomcat node and a Payara node that share one Redis (docs/protocol.md §5, §7):
 * one seq and epoch, one order, resume on the other node, the publish API on either node, and the
 * channel's rate limit (5/s, burst 10 in these tests) for both nodes together.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterBroadcastIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return ClusterNodes.war();
    }

    @ArquillianResource
    private URL tomcat;

    private static String freshChannel() {
        return "ch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TestClient json(URL node, String channel) throws Exception {
        return TestClient.connect(SwitchboardWar.ws(node, "broadcast/" + channel), "json");
    }

    private static TestClient resume(URL node, String channel, long since, String epoch) throws Exception {
        return TestClient.connect(URI.create(SwitchboardWar.ws(node, "broadcast/" + channel) + "?since=" + since
                + "&epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8)), "json");
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void subscribersOnBothNodesFollowOneEpochAndSeeOneSeqOrder() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String channel = freshChannel();
        try (TestClient onTomcat = json(tomcat, channel); TestClient onPayara = json(ClusterNodes.payara(), channel)) {
            JsonNode subscribedT = onTomcat.nextJson();
            JsonNode subscribedP = onPayara.nextJson();
            assertEquals("subscribed", subscribedT.get("type").asText());
            assertEquals(subscribedT.get("epoch"), subscribedP.get("epoch"));
            assertEquals(0, subscribedP.get("seq").asLong());
            for (int i = 0; i < 4; i++) {
                onTomcat.send("t" + i);
                onPayara.send("p" + i);
            }
            List<String> seenT = new ArrayList<>();
            List<String> seenP = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                JsonNode t = onTomcat.nextOfType("broadcast");
                JsonNode p = onPayara.nextOfType("broadcast");
                assertEquals(i + 1, t.get("seq").asLong());
                seenT.add(t.get("seq") + ":" + t.get("text").asText() + ":" + t.get("from").asLong());
                seenP.add(p.get("seq") + ":" + p.get("text").asText() + ":" + p.get("from").asLong());
            }
            assertEquals(seenT, seenP);
        }
    }

    @Test
    void aClientThatLeftOneNodeResumesOnTheOtherWithWhatItMissed() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String channel = freshChannel();
        String epoch;
        try (TestClient onTomcat = json(tomcat, channel)) {
            epoch = onTomcat.nextJson().get("epoch").asText();
            onTomcat.send("one");
            assertEquals(1, onTomcat.nextOfType("broadcast").get("seq").asLong());
        }
        PublishClient api = new PublishClient(ClusterNodes.payara(), ClusterNodes.TOKEN);
        assertEquals(202, api.publish(channel, "two").statusCode());
        assertEquals(202, api.publish(channel, "three").statusCode());
        try (TestClient onPayara = resume(ClusterNodes.payara(), channel, 1, epoch)) {
            JsonNode subscribed = onPayara.nextJson();
            assertEquals("subscribed", subscribed.get("type").asText());
            assertEquals(epoch, subscribed.get("epoch").asText());
            assertEquals(3, subscribed.get("seq").asLong());
            JsonNode two = onPayara.nextJson();
            assertEquals("two", two.get("text").asText());
            assertEquals(2, two.get("seq").asLong());
            assertEquals(0, two.get("from").asLong());
            assertTrue(two.get("replay").asBoolean());
            assertEquals("three", onPayara.nextJson().get("text").asText());
            onPayara.send("four");
            JsonNode four = onPayara.nextJson();
            assertEquals(4, four.get("seq").asLong());
            assertTrue(four.path("replay").isMissingNode());
        }
    }

    @Test
    void thePublishApiOnOneNodeReachesSubscribersOnBothAndCountsThemAll() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String channel = freshChannel();
        try (TestClient onTomcat = TestClient.connect(SwitchboardWar.ws(tomcat, "broadcast/" + channel), "text");
             TestClient onPayara = json(ClusterNodes.payara(), channel)) {
            onPayara.nextJson(); // subscribed
            HttpResponse<String> response = new PublishClient(tomcat, ClusterNodes.TOKEN).publish(channel, "EURUSD 1.0842");
            assertEquals(202, response.statusCode());
            assertEquals(1, body(response).get("seq").asLong());
            assertEquals(2, body(response).get("recipients").asInt());
            assertEquals("EURUSD 1.0842", onTomcat.nextText());
            JsonNode envelope = onPayara.nextJson();
            assertEquals("EURUSD 1.0842", envelope.get("text").asText());
            assertEquals(0, envelope.get("from").asLong());
        }
    }

    @Test
    void theChannelLimitHoldsForBothNodesTogetherAndARefusalUsesNoSeq() throws Exception {
        Nodes.awaitRedisUp(tomcat);
        String channel = freshChannel();
        try (TestClient listener = json(ClusterNodes.payara(), channel)) {
            listener.nextJson();
            PublishClient[] apis = {new PublishClient(tomcat, ClusterNodes.TOKEN),
                    new PublishClient(ClusterNodes.payara(), ClusterNodes.TOKEN)};
            int accepted = 0;
            int refused = 0;
            long lastSeq = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 24; i++) {
                HttpResponse<String> response = apis[i % 2].publish(channel, "m" + i);
                if (response.statusCode() == 202) {
                    accepted++;
                    assertEquals(lastSeq + 1, body(response).get("seq").asLong());
                    lastSeq = body(response).get("seq").asLong();
                } else {
                    assertEquals(429, response.statusCode());
                    assertTrue(response.headers().firstValue("Retry-After").isPresent());
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // a burst of 10, then 5/s for the two nodes together (each node alone would allow twice that)
            long allowed = 10 + (long) Math.ceil(seconds * 5);
            assertTrue(accepted >= 10 && accepted <= allowed,
                    accepted + " accepted in " + seconds + " s, at most " + allowed + " allowed");
            assertTrue(refused > 0);
            for (int i = 1; i <= accepted; i++) {
                assertEquals(i, listener.nextOfType("broadcast").get("seq").asLong());
            }
        }
    }
}
