package dev.switchboard.echo;

import dev.switchboard.testing.InProcessSwitchboard;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /echo} on Tyrus's own server, in process (docs/protocol.md §2), with a 1 KiB message cap. */
class EchoInProcessTest {

    @RegisterExtension
    static final InProcessSwitchboard server =
            InProcessSwitchboard.with(Map.of("switchboard.echo.maxMessageBytes", "1024"));

    @Test
    void textMessagesComeBackUnchangedAndInOrder() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("echo"))) {
            client.send("hello");
            client.send("\u4f60\u597d, w\u00f6rld");
            assertEquals("hello", client.nextText());
            assertEquals("\u4f60\u597d, w\u00f6rld", client.nextText());
        }
    }

    @Test
    void binaryMessagesComeBackAsTheSameBytes() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("echo"))) {
            client.send(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}));
            assertEquals(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), client.nextBinary());
        }
    }

    @Test
    void aMessageOverTheCapClosesWith1009AndIsNotEchoed() throws Exception {
        try (TestClient client = TestClient.connect(server.ws("echo"))) {
            client.send("x".repeat(1024));
            assertEquals(1024, client.nextText().length());
            client.send("x".repeat(1025));
            CloseReason reason = client.awaitClose();
            assertEquals(1009, reason.getCloseCode().getCode());
            assertEquals(null, client.poll(Duration.ZERO), "nothing of the large message came back");
        }
    }
}
