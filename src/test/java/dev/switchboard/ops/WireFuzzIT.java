package dev.switchboard.ops;

import dev.switchboard.testing.NodeStatus;
import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestContainer;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and random frames, sent by hand: the container and the endpoints fail each such
 * connection the way RFC 6455 says, and afterwards the node still serves and holds no session.
 * Deployed with a 3 s idle timeout, so that frames that announce more than they send cost nothing
 * for long. Where a container does what no WAR can change, the assertion names the deviation
 * (README, "Container deviations").
 */
@ExtendWith(ArquillianExtension.class)
class WireFuzzIT {

    private static final int IDLE_TIMEOUT_SECONDS = 3;
    private static final boolean TYRUS = TestContainer.current().isTyrus(); // Payara, GlassFish
    /** RFC 6455's 1002; Undertow (WildFly) fails every protocol error with 1003 (README, "Container deviations"). */
    private static final int PROTOCOL_ERROR = TestContainer.current().isUndertow() ? 1003 : 1002;
    private static final int FIN_TEXT = 0x81;
    private static final int DROPPED = -1; // the server closed the TCP connection without a close frame
    private static final int NO_CLOSE = -2; // the connection was still open when the test stopped waiting

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.heartbeatSeconds", "1",
                "switchboard.idleTimeoutSeconds", String.valueOf(IDLE_TIMEOUT_SECONDS)));
    }

    @ArquillianResource
    private URL base;


    private interface Exchange {
        void send(RawFrames frames) throws IOException;
    }

    /** What came back: the data messages, pongs included, then the close code (or DROPPED / NO_CLOSE). */
    private record Outcome(List<RawFrames.Message> messages, int closeCode) {
        List<String> texts() {
            List<String> texts = new ArrayList<>();
            for (RawFrames.Message message : messages) {
                if (message.opcode() == 0x1) {
                    texts.add(message.text());
                }
            }
            return texts;
        }

        boolean ponged() {
            return messages.stream().anyMatch(message -> message.opcode() == 0xA);
        }
    }

    /**
     * The previous test's last client may still be closing, and a count read now would include it:
     * every test starts from a node that holds no session. The idle sweep releases any connection
     * within the idle timeout, so one still counted after the wait below is a leak.
     */
    @BeforeEach
    void noSessionIsOpen() {
        await("no connection left open before the test").atMost(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 30))
                .until(() -> NodeStatus.connections(base) == 0);
    }

    private Outcome exchange(String path, Exchange exchange, Duration wait) throws IOException {
        Map<String, String> headers = path.startsWith("chat") || path.startsWith("broadcast")
                ? Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "json")
                : Map.of("Origin", "http://localhost");
        try (Socket socket = RawHandshake.open(base, path, headers)) {
            socket.setSoTimeout((int) wait.toMillis());
            RawFrames frames = new RawFrames(socket);
            List<RawFrames.Message> messages = new ArrayList<>();
            try {
                exchange.send(frames);
            } catch (IOException serverAlreadyClosed) {
                // read what it said before it closed
            }
            try {
                while (true) {
                    RawFrames.Message message = frames.next(false);
                    if (message.isClose()) {
                        return new Outcome(messages, message.closeCode());
                    }
                    if (!message.isPing()) {
                        messages.add(message);
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                socket.setSoLinger(true, 0);
                return new Outcome(messages, NO_CLOSE);
            } catch (IOException closed) {
                return new Outcome(messages, DROPPED);
            }
        }
    }

    private Outcome echo(Exchange exchange) throws IOException {
        return exchange("echo", exchange, Duration.ofSeconds(10));
    }

    @AfterEach
    void theNodeStillServesAndHoldsNoSession() throws Exception {
        await("every connection released").atMost(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 30))
                .until(() -> NodeStatus.connections(base) == 0);
        try (TestClient client = TestClient.connect(SwitchboardWar.ws(base, "echo"))) {
            client.send("still serving");
            assertEquals("still serving", client.nextText());
        }
    }

    @Test
    void invalidUtf8InATextMessageCloses1007() throws Exception {
        assertEquals(1007, echo(frames -> frames.sendFrame(FIN_TEXT, new byte[] {'a', (byte) 0xC3, 0x28})).closeCode());
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsCloses1007() throws Exception {
        assertEquals(1007, echo(frames -> {
            frames.sendFrame(0x01, new byte[] {'a', (byte) 0xE2, (byte) 0x82});
            frames.sendFrame(0x80, new byte[] {'b'});
        }).closeCode());
    }

    @Test
    void aReservedOpcodeFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> frames.sendFrame(0x83, "x".getBytes(StandardCharsets.UTF_8))).closeCode());
    }

    @Test
    void aReservedBitWithoutAnExtensionFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> frames.sendFrame(0xC1, "x".getBytes(StandardCharsets.UTF_8))).closeCode());
    }

    @Test
    void aContinuationWithoutAStartFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> frames.sendFrame(0x80, "x".getBytes(StandardCharsets.UTF_8))).closeCode());
    }

    @Test
    void aFragmentedPingFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> frames.sendFrame(0x09, "x".getBytes(StandardCharsets.UTF_8))).closeCode());
    }

    @Test
    void aControlFrameLongerThan125BytesFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> frames.sendFrame(0x89, new byte[126])).closeCode());
    }

    @Test
    void fragmentsInterleavedWithControlFramesMakeOneMessageAndThePingIsAnswered() throws Exception {
        List<RawFrames.Message> beforeTheClose = new ArrayList<>();
        Outcome rest = echo(frames -> {
            frames.sendFrame(0x01, "frag".getBytes(StandardCharsets.UTF_8));
            frames.sendFrame(0x89, "p".getBytes(StandardCharsets.UTF_8));
            frames.sendFrame(0x00, "men".getBytes(StandardCharsets.UTF_8));
            frames.sendFrame(0x8A, new byte[0]); // an unsolicited pong is allowed too
            frames.sendFrame(0x80, "ted".getBytes(StandardCharsets.UTF_8));
            // the close waits for the echo: a server may answer a close before the replies to earlier
            // messages are written (RFC 6455 §5.5.1), and WildFly's I/O thread once did so here
            RawFrames.Message message;
            do {
                message = frames.next(false);
                beforeTheClose.add(message);
            } while (message.opcode() != 0x1 && !message.isClose());
            frames.sendFrame(0x88, new byte[] {0x03, (byte) 0xE8});
        });
        List<RawFrames.Message> all = new ArrayList<>(beforeTheClose);
        all.addAll(rest.messages());
        Outcome outcome = new Outcome(all, rest.closeCode());
        assertEquals(List.of("fragmented"), outcome.texts());
        assertTrue(outcome.ponged(), "the ping between fragments is answered");
        assertEquals(1000, outcome.closeCode());
    }

    @Test
    void aNewMessageInsideAFragmentedOneFailsTheConnectionWith1002() throws Exception {
        assertEquals(PROTOCOL_ERROR, echo(frames -> {
            frames.sendFrame(0x01, "a".getBytes(StandardCharsets.UTF_8));
            frames.sendFrame(0x81, "b".getBytes(StandardCharsets.UTF_8));
        }).closeCode());
    }

    /**
     * Echo takes messages in parts, so an announced length is never allocated up front: the
     * container waits for the payload, and the idle timeout (1001) ends a peer that never sends it.
     */
    @Test
    void aFrameAnnouncingAnAbsurdLengthCostsNothingAndEndsAtTheLatestWithTheIdleTimeout() throws Exception {
        int code = exchange("echo", frames -> frames.sendFrame(FIN_TEXT, new byte[16], 1L << 62, true),
                Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 15)).closeCode();
        assertTrue(Set.of(1001, 1002, 1009, DROPPED).contains(code), "closed with " + code);
    }

    @Test
    void aFrameLargerThanTheEchoCapIsRefusedWith1009AndNothingOfItComesBack() throws Exception {
        Outcome outcome = echo(frames -> frames.sendFrame(FIN_TEXT, new byte[1024 * 1024 + 1]));
        assertEquals(List.of(), outcome.texts());
        assertTrue(outcome.closeCode() == 1009 || outcome.closeCode() == DROPPED, "closed with " + outcome.closeCode());
    }

    @Test
    void anUnmaskedClientFrameFailsTheConnectionExceptOnPayara() throws Exception {
        Outcome outcome = echo(frames -> {
            frames.sendFrame(FIN_TEXT, "bare".getBytes(StandardCharsets.UTF_8), 4, false);
            frames.sendFrame(0x88, new byte[] {0x03, (byte) 0xE8});
        });
        if (TYRUS) { // deviation: Tyrus/Grizzly processes it (README, "Container deviations")
            assertEquals(List.of("bare"), outcome.texts());
        } else {
            assertEquals(List.of(), outcome.texts());
            assertTrue(outcome.closeCode() == PROTOCOL_ERROR || outcome.closeCode() == DROPPED, "closed with " + outcome.closeCode());
        }
    }

    /**
     * A real TLS ClientHello (the JDK's own) on the plain HTTP port is never taken for a WebSocket:
     * the answer is an HTTP error, or nothing while the container's HTTP parser waits for a line end
     * (what each container does depends on the hello's bytes: README, "Container deviations").
     */
    @Test
    void aTlsClientHelloOnThePlainPortIsNeverUpgraded() throws Exception {
        javax.net.ssl.SSLEngine engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine(base.getHost(), base.getPort());
        engine.setUseClientMode(true);
        java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), record);
        record.flip();
        byte[] hello = new byte[record.remaining()];
        record.get(hello);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            String answer;
            try {
                answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException waiting) {
                answer = "";
                socket.setSoLinger(true, 0);
            }
            System.out.println("WireFuzzIT: a TLS ClientHello on the plain port got \"" + answer + "\"");
            assertTrue(answer.isEmpty() || answer.matches("HTTP/1\\.1 [45]\\d\\d"), answer);
        }
    }

    @Test
    void binaryFramesOnTextOnlyEndpointsClose1003() throws Exception {
        for (String path : List.of("chat/fuzz", "broadcast/fuzz")) {
            assertEquals(1003, exchange(path, frames -> frames.sendFrame(0x82, new byte[] {1, 2, 3}),
                    Duration.ofSeconds(10)).closeCode(), path);
        }
    }

    @Test
    void randomJsonIntoChatAndBroadcastNeverFailsTheServer() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (String path : List.of("chat/fuzz", "broadcast/fuzz")) {
            Outcome outcome = exchange(path, frames -> {
                for (int i = 0; i < 40; i++) {
                    frames.sendText(randomJson(random, 3).getBytes(StandardCharsets.UTF_8));
                }
                frames.sendFrame(0x88, new byte[] {0x03, (byte) 0xE8});
            }, Duration.ofSeconds(10));
            assertTrue(Set.of(1000, 1008, 1009).contains(outcome.closeCode()),
                    path + " seed " + seed + ": closed with " + outcome.closeCode());
            assertFalse(outcome.texts().stream().anyMatch(text -> text.contains("server error")), path + " seed " + seed);
        }
    }

    @Test
    void randomBytesAfterTheHandshakeNeverHangOrKillTheNode() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 30; i++) {
            String path = List.of("echo", "hello", "chat/fuzz", "broadcast/fuzz").get(random.nextInt(4));
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            int code = exchange(path, frames -> frames.sendRaw(garbage), Duration.ofSeconds(2)).closeCode();
            assertFalse(code == 1011, path + " seed " + seed + ": 1011");
        }
    }

    private static String randomJson(Random random, int depth) {
        switch (random.nextInt(depth <= 0 ? 5 : 8)) {
            case 0: return "null";
            case 1: return Long.toString(random.nextLong());
            case 2: return random.nextBoolean() ? "true" : "false";
            case 3: return "\"" + randomText(random) + "\"";
            case 4: return List.of("{", "[", "\"", "{\"type\":", "}", "\\u", "1e99999").get(random.nextInt(7));
            case 5: {
                StringBuilder object = new StringBuilder("{");
                String[] keys = {"type", "text", "name", "id", "date", randomText(random)};
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.append('"').append(keys[random.nextInt(keys.length)]).append("\":").append(randomJson(random, depth - 1));
                    if (i > 1) {
                        object.append(',');
                    }
                }
                return object.append('}').toString();
            }
            case 6: return "{\"type\":\"" + List.of("message", "username", "userlist", "", "MESSAGE").get(random.nextInt(5))
                    + "\",\"text\":" + randomJson(random, depth - 1) + ",\"name\":" + randomJson(random, depth - 1) + "}";
            default: {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(randomJson(random, depth - 1)).append(i > 1 ? "," : "");
                }
                return array.append(']').toString();
            }
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int kind = random.nextInt(5);
            text.appendCodePoint(kind == 0 ? 0x1F600 + random.nextInt(50) : kind == 1 ? '<' : kind == 2 ? 0xE9 : 'a' + random.nextInt(26));
        }
        return text.toString();
    }
}
