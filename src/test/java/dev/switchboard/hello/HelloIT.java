package dev.switchboard.hello;

import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/protocol.md §3: {@code /hello}, deployed with a short close delay so the close is quick to see. */
@ExtendWith(ArquillianExtension.class)
class HelloIT {

    private static final long CLOSE_DELAY_MILLIS = 1500;

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of("switchboard.hello.closeDelayMillis", String.valueOf(CLOSE_DELAY_MILLIS)));
    }

    @ArquillianResource
    private URL base;

    @Test
    void theServerGreetsTheTrailingNameThenSaysByeAfterTheDelay() throws Exception {
        try (TestClient client = TestClient.connect(SwitchboardWar.ws(base, "hello"))) {
            long sent = System.nanoTime();
            client.send("My name is John");
            assertEquals("Hello from server, John!", client.nextText());
            CloseReason reason = client.awaitClose();
            long elapsedMillis = (System.nanoTime() - sent) / 1_000_000;
            assertEquals(1000, reason.getCloseCode().getCode());
            assertEquals("Bye!", reason.getReasonPhrase());
            assertTrue(elapsedMillis >= CLOSE_DELAY_MILLIS - 100, "closed after " + elapsedMillis + " ms");
        }
    }

    @Test
    void aMessageWithoutATrailingNameGreetsGuest() throws Exception {
        try (TestClient client = TestClient.connect(SwitchboardWar.ws(base, "hello"))) {
            client.send("hello!");
            assertEquals("Hello from server, Guest!", client.nextText());
        }
    }

    @Test
    void everyMessageBeforeTheCloseIsAnswered() throws Exception {
        try (TestClient client = TestClient.connect(SwitchboardWar.ws(base, "hello"))) {
            client.send("I am Ann");
            client.send("no, Bob");
            assertEquals("Hello from server, Ann!", client.nextText());
            assertEquals("Hello from server, Bob!", client.nextText());
            assertEquals(1000, client.awaitClose().getCloseCode().getCode());
        }
    }
}
