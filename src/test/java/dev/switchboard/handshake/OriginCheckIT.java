package dev.switchboard.handshake;

import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** docs/protocol.md §1: Origin check and subprotocol selection, as seen on the wire. */
@ExtendWith(ArquillianExtension.class)
class OriginCheckIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private URL base;

    @Test
    void aLoopbackPageIsUpgraded() throws Exception {
        assertEquals(101, RawHandshake.send(base, "echo", Map.of("Origin", "http://localhost:3000")).status());
        assertEquals(101, RawHandshake.send(base, "hello", Map.of("Origin", "http://127.0.0.1")).status());
    }

    @Test
    void aForeignPageIsRefusedWith403AndNeverUpgraded() throws Exception {
        RawHandshake.Response response = RawHandshake.send(base, "echo", Map.of("Origin", "http://evil.example"));
        assertEquals(403, response.status());
        assertNull(response.header("Sec-WebSocket-Accept"));
        assertEquals(403, RawHandshake.send(base, "hello", Map.of("Origin", "http://evil.example")).status());
    }

    @Test
    void aClientWithoutOriginIsAllowedByDefault() throws Exception {
        assertEquals(101, RawHandshake.send(base, "echo", Map.of()).status());
        try (TestClient client = TestClient.connectFrom(null, SwitchboardWar.ws(base, "echo"))) {
            client.send("no origin");
            assertEquals("no origin", client.nextText());
        }
    }

    @Test
    void anUnsupportedSubprotocolOfferGetsNoSubprotocolHeader() throws Exception {
        RawHandshake.Response response = RawHandshake.send(base, "echo",
                Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "soap, wamp"));
        assertEquals(101, response.status());
        assertNull(response.header("Sec-WebSocket-Protocol"));
    }
}
