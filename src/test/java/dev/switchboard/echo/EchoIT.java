package dev.switchboard.echo;

import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/protocol.md §2: {@code /echo}. */
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
    void aClientThatSendsWithoutReadingIsClosedWith1008InsteadOfCostingUnboundedMemory() throws Exception {
        try (Socket socket = RawHandshake.open(base, "echo", Map.of("Origin", "http://localhost"))) {
            RawFrames frames = new RawFrames(socket);
            byte[] megabyte = "x".repeat(LIMIT).getBytes(StandardCharsets.UTF_8);
            try {
                for (int i = 0; i < 64; i++) { // 64 MiB: past the kernel's and the container's buffers
                    frames.sendText(megabyte);
                }
            } catch (IOException closedWhileSending) {
                // the server may close before all 64 MiB are written
            }
            socket.setSoTimeout(30_000); // a connection the server kept open would fail here
            RawFrames.Message message;
            try {
                message = frames.next();
                while (!message.isClose()) {
                    message = frames.next();
                }
            } catch (SocketException | EOFException reset) {
                // Payara closes while data this client sent is still unread; a socket
                // closed with unread input sends RST, which discards the queued close frame. Closed all the same.
                return;
            }
            assertEquals(1008, message.closeCode());
            assertEquals("slow consumer", new String(message.payload(), 2, message.payload().length - 2,
                    StandardCharsets.UTF_8));
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
