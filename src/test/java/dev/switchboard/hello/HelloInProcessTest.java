package dev.switchboard.hello;

import dev.switchboard.testing.InProcessSwitchboard;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /hello} on Tyrus's own server, in process (docs/protocol.md §3), saying goodbye after 300 ms. */
class HelloInProcessTest {

    @RegisterExtension
    static final InProcessSwitchboard server =
            InProcessSwitchboard.with(Map.of("switchboard.hello.closeDelayMillis", "300"));

    @Test
    void eachMessageIsGreetedByItsTrailingNameOrAsGuest() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("hello"))) {
            client.send("My name is John");
            client.send("hello!");
            assertEquals("Hello from server, John!", client.nextText());
            assertEquals("Hello from server, Guest!", client.nextText());
        }
    }

    @Test
    void theServerClosesWith1000ByeAfterTheDelay() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("hello"))) {
            client.send("Ann");
            assertEquals("Hello from server, Ann!", client.nextText());
            CloseReason reason = client.awaitClose();
            assertEquals(1000, reason.getCloseCode().getCode());
            assertEquals("Bye!", reason.getReasonPhrase());
        }
    }
}
