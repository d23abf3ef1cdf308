package dev.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestContainer;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/protocol.md §6 and §7 on a real container: heartbeats, idle timeout, failure isolation, health
 * and metrics. Deployed with a 1 s heartbeat and a 3 s idle timeout.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final int IDLE_TIMEOUT_SECONDS = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                        "switchboard.heartbeatSeconds", "1",
                        "switchboard.idleTimeoutSeconds", String.valueOf(IDLE_TIMEOUT_SECONDS)))
                .addClass(FaultyChatEndpoint.class);
    }

    @ArquillianResource
    private URL base;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceFirst("/?$", "/") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double metric(String name, String labels) throws Exception {
        String text = get("metrics").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in\n" + text);
    }

    @Test
    void healthIsUpWithTheOpenConnectionCount() throws Exception {
        try (TestClient a = TestClient.connect(SwitchboardWar.ws(base, "echo"));
             TestClient b = TestClient.connect(SwitchboardWar.ws(base, "broadcast/health"))) {
            // the server may run @OnOpen just after the client's connect returns
            await().atMost(TestClient.WAIT).until(() -> JSON.readTree(get("health").body()).get("connections").asInt() >= 2);
            HttpResponse<String> response = get("health");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode health = JSON.readTree(response.body());
            assertEquals("UP", health.get("status").asText());
            assertEquals("OFF", health.get("redis").asText());
            assertTrue(health.get("connections").asInt() >= 2, response.body());
        }
    }

    @Test
    void countersMoveWithTraffic() throws Exception {
        double chatIn = metric("switchboard_messages_in_total", "endpoint=\"chat\"");
        double chatOut = metric("switchboard_messages_out_total", "endpoint=\"chat\"");
        double echoBytesIn = metric("switchboard_bytes_in_total", "endpoint=\"echo\"");
        double limited = metric("switchboard_rate_limited_total", "endpoint=\"chat\"");
        double origins = metric("switchboard_handshakes_refused_total", "reason=\"origin\"");
        try (TestClient chat = TestClient.connect(SwitchboardWar.ws(base, "chat/metrics"));
             TestClient echo = TestClient.connect(SwitchboardWar.ws(base, "echo"))) {
            chat.nextOfType("userlist");
            for (int i = 0; i < 25; i++) {
                chat.send("{\"type\":\"message\",\"text\":\"m" + i + "\"}");
            }
            for (int i = 0; i < 25; i++) {
                chat.nextJson();
            }
            echo.send("12345");
            echo.nextText();
            assertEquals(1, metric("switchboard_connections_open", "endpoint=\"chat\""));
        }
        assertEquals(403, RawHandshake.send(base, "echo", Map.of("Origin", "http://evil.example")).status());
        assertEquals(chatIn + 25, metric("switchboard_messages_in_total", "endpoint=\"chat\""));
        assertTrue(metric("switchboard_messages_out_total", "endpoint=\"chat\"") >= chatOut + 20 + 2);
        assertEquals(echoBytesIn + 5, metric("switchboard_bytes_in_total", "endpoint=\"echo\""));
        assertTrue(metric("switchboard_rate_limited_total", "endpoint=\"chat\"") >= limited + 1);
        assertEquals(origins + 1, metric("switchboard_handshakes_refused_total", "reason=\"origin\""));
    }

    @Test
    void theBundledJacksonIsTheOneInUse() throws Exception {
        assertEquals(1.0, metric("switchboard_build_info", "jackson=\"2.20.1\""));
    }

    @Test
    void theServerPingsAndClosesAPeerThatNeverAnswers() throws Exception {
        try (Socket silent = RawHandshake.open(base, "echo", Map.of("Origin", "http://localhost"))) {
            silent.setSoTimeout((IDLE_TIMEOUT_SECONDS + 10) * 1000);
            RawFrames frames = new RawFrames(silent);
            long started = System.nanoTime();
            RawFrames.Message first = frames.next(false);
            assertTrue(first.isPing(), "expected a ping, got opcode " + first.opcode());
            RawFrames.Message message = first;
            while (!message.isClose()) {
                message = frames.next(false);
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertEquals(1001, message.closeCode());
            assertTrue(seconds >= IDLE_TIMEOUT_SECONDS - 1, "closed after " + seconds + " s");
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysConnectedPastTheIdleTimeout() throws Exception {
        try (TestClient quiet = TestClient.connect(SwitchboardWar.ws(base, "broadcast/quiet"))) {
            // a fixed wait on purpose: it proves that no close comes, so there is no condition to wait for
            assertEquals(null, quiet.poll(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 3)));
            assertTrue(quiet.isOpen());
        }
    }

    @Test
    void aFailureInOneSessionClosesItWith1011AndItsNeighbourChatsOn() throws Exception {
        try (TestClient faulty = TestClient.connect(SwitchboardWar.ws(base, "test/faulty-chat/isolation"));
             TestClient neighbour = TestClient.connect(SwitchboardWar.ws(base, "chat/isolation"))) {
            faulty.nextOfType("userlist");
            neighbour.nextOfType("userlist");
            faulty.send("{\"type\":\"message\",\"text\":\"fail\"}");
            // Jetty wraps whatever a decoded-message @OnMessage throws in its own close with 1003
            // ("Endpoint notification error") before Switchboard's 1011 can go out
            int expected = TestContainer.current() == TestContainer.JETTY ? 1003 : 1011;
            assertEquals(expected, faulty.awaitClose().getCloseCode().getCode());
            neighbour.send("{\"type\":\"message\",\"text\":\"still chatting\"}");
            assertEquals("still chatting", neighbour.nextOfType("message").get("text").asText());
        }
    }
}
