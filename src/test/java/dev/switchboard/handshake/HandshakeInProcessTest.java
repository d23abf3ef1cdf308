package dev.switchboard.handshake;

import dev.switchboard.testing.InProcessSwitchboard;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The shared handshake policy on Tyrus's own server, in process (docs/protocol.md §1), default
 * settings. Each upgraded connection is followed until the server has opened and released its
 * session, so that no session is still opening when the server stops.
 */
class HandshakeInProcessTest {

    @RegisterExtension
    static final InProcessSwitchboard server = InProcessSwitchboard.with(Map.of());

    @Test
    void aLoopbackPageIsUpgraded() throws Exception {
        try (RawHandshake.Exchange exchange = RawHandshake.exchange(server.base(), "echo",
                Map.of("Origin", "http://localhost:3000"))) {
            assertEquals(101, exchange.response().status());
            server.awaitOpenConnections(1);
        }
        server.awaitOpenConnections(0);
    }

    @Test
    void aForeignPageIsRefusedWith403AndNeverUpgraded() throws Exception {
        RawHandshake.Response response = RawHandshake.send(server.base(), "echo", Map.of("Origin", "http://evil.example"));
        assertEquals(403, response.status());
        assertNull(response.header("Sec-WebSocket-Accept"));
    }

    @Test
    void theServersPreferenceDecidesTheSubprotocol() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("broadcast/prefs"), "text", "json")) {
            assertEquals("json", client.subprotocol());
            server.awaitOpenConnections(1);
        }
        server.awaitOpenConnections(0);
    }

    @Test
    void anOfferOfOnlyUnknownSubprotocolsGetsNoSubprotocolHeader() throws Exception {
        try (RawHandshake.Exchange exchange = RawHandshake.exchange(server.base(), "chat",
                Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "soap, wamp"))) {
            assertEquals(101, exchange.response().status());
            assertNull(exchange.response().header("Sec-WebSocket-Protocol"));
            server.awaitOpenConnections(1);
        }
        server.awaitOpenConnections(0);
    }
}
