package dev.switchboard.ops;

import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestContainer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames that break RFC 6455 §5: the container, not Switchboard, answers them, so what a client
 * sees depends on the container. Each expectation is that container's observed behaviour; the
 * deviations from the RFC's 1002 are listed in the README.
 */
@ExtendWith(ArquillianExtension.class)
class ProtocolViolationIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private URL base;

    @Test
    void anUnmaskedClientFrameClosesWith1002ExceptWhereTheContainerDeviates() throws Exception {
        RawFrames.Message reply = replyTo(0x81, false);
        switch (TestContainer.current()) {
            // Tyrus on Grizzly never checks the mask bit: the frame is taken as it is and echoed
            case PAYARA, GLASSFISH -> assertEquals("hello", reply.text());
            // Undertow closes with 1003 (unsupported data) instead of 1002
            case WILDFLY -> assertEquals(1003, closeCode(reply));
            default -> assertEquals(1002, closeCode(reply));
        }
    }

    @Test
    void aFrameWithAReservedBitSetClosesWith1002ExceptWhereTheContainerDeviates() throws Exception {
        RawFrames.Message reply = replyTo(0x81 | 0x40, true); // RSV1 without a negotiated extension
        switch (TestContainer.current()) {
            case WILDFLY -> assertEquals(1003, closeCode(reply));
            default -> assertEquals(1002, closeCode(reply));
        }
    }

    /** Sends the text frame {@code hello} with {@code firstByte} on /echo and answers the server's reply. */
    private RawFrames.Message replyTo(int firstByte, boolean masked) throws Exception {
        try (Socket socket = RawHandshake.open(base, "echo", Map.of("Origin", "http://localhost"))) {
            socket.setSoTimeout(10_000);
            RawFrames frames = new RawFrames(socket);
            frames.sendFrame(firstByte, "hello".getBytes(StandardCharsets.UTF_8), masked);
            return frames.next();
        }
    }

    private static int closeCode(RawFrames.Message message) {
        assertEquals(0x8, message.opcode(), () -> "expected a close frame, got opcode " + message.opcode()
                + " with " + message.text());
        return message.closeCode();
    }
}
