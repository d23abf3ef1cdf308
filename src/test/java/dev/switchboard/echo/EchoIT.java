package dev.switchboard.echo;

import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PROTOCOL.md §2: {@code /echo}. */
@ExtendWith(ArquillianExtension.class)
class EchoIT {

    private static final int LIMIT = 1_048_576;

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private URL base;

    private URI echo() {
        return SwitchboardWar.ws(base, "echo");
    }

    @Test
    void textComesBackUnchanged() throws Exception {
        try (TestClient client = TestClient.connect(echo())) {
            client.send("Hello, \u4e16\u754c \uD83D\uDE00");
            assertEquals("Hello, \u4e16\u754c \uD83D\uDE00", client.nextText());
        }
    }

    @Test
    void binaryComesBackAsTheSameBytes() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        try (TestClient client = TestClient.connect(echo())) {
            client.send(ByteBuffer.wrap(bytes));
            ByteBuffer back = client.nextBinary();
            byte[] received = new byte[back.remaining()];
            back.get(received);
            assertEquals(Arrays.toString(bytes), Arrays.toString(received));
        }
    }

    @Test
    void messagesComeBackInOrder() throws Exception {
        try (TestClient client = TestClient.connect(echo())) {
            for (int i = 0; i < 500; i++) {
                client.send("message " + i);
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("message " + i, client.nextText());
            }
        }
    }

    @Test
    void aMessageOfExactlyTheLimitIsEchoed() throws Exception {
        String atLimit = "x".repeat(LIMIT);
        try (TestClient client = TestClient.connect(echo())) {
            client.send(atLimit);
            assertEquals(atLimit.length(), client.nextText().length());
            client.send(ByteBuffer.wrap(new byte[LIMIT]));
            assertEquals(LIMIT, client.nextBinary().remaining());
        }
    }

    @Test
    void aTextOverTheLimitClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(echo())) {
            client.send("x".repeat(LIMIT + 1));
            CloseReason reason = client.awaitClose();
            assertEquals(1009, reason.getCloseCode().getCode());
        }
    }

    @Test
    void aTextWhoseUtf8FormIsOverTheLimitClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(echo())) {
            client.send("\u00e9".repeat(LIMIT / 2 + 1)); // 2 bytes each in UTF-8
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void aBinaryMessageOverTheLimitClosesWith1009() throws Exception {
        try (TestClient client = TestClient.connect(echo())) {
            client.send(ByteBuffer.wrap(new byte[LIMIT + 1]));
            assertEquals(1009, client.awaitClose().getCloseCode().getCode());
        }
    }
}
