package dev.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.NodeStatus;
import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PROTOCOL.md §6: a connection whose peer vanished (TCP reset mid-handshake, just after it, or in
 * the middle of a frame) is released, out of the user list, the count and the metrics, within
 * {@code idleTimeoutSeconds}, whether or not the container reports the close. Deployed with a 3 s
 * idle timeout.
 */
@ExtendWith(ArquillianExtension.class)
class AbruptDisconnectIT {

    private static final int IDLE_TIMEOUT_SECONDS = 3;
    private static final int RESETS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PATHS = {"chat/ghosts", "broadcast/ghosts", "echo", "hello"};

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.heartbeatSeconds", "1",
                "switchboard.idleTimeoutSeconds", String.valueOf(IDLE_TIMEOUT_SECONDS)));
    }

    @ArquillianResource
    private URL base;

    private enum Stage { MID_HANDSHAKE, AFTER_HANDSHAKE, MID_FRAME, AFTER_A_MESSAGE_MID_FRAME }

    @Test
    void connectionsResetAtRandomPointsLeaveNoSessionNoUserAndNoCountBehind() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestClient watcher = TestClient.connect(SwitchboardWar.ws(base, "chat/ghosts"))) {
            List<String> alone = users(watcher.nextOfType("userlist"));
            assertEquals(1, alone.size());
            int baseline = onlyTheWatcherIsConnected();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < RESETS; i++) {
                String path = PATHS[random.nextInt(PATHS.length)];
                Stage stage = Stage.values()[random.nextInt(Stage.values().length)];
                try {
                    reset(path, stage, random);
                } catch (IOException e) {
                    failures.add(path + " " + stage + ": " + e); // the server may already have dropped it
                }
            }
            List<String> lastUserList = new ArrayList<>(alone);
            await("seed " + seed + ": /health back to " + baseline + " connections and the user list to the watcher alone")
                    .atMost(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (Object message = watcher.poll(Duration.ofMillis(50)); message != null;
                             message = watcher.poll(Duration.ofMillis(50))) {
                            JsonNode json = JSON.readTree((String) message);
                            if (json.get("type").asText().equals("userlist")) {
                                lastUserList.clear();
                                lastUserList.addAll(users(json));
                            }
                        }
                        return NodeStatus.connections(base) == baseline && lastUserList.equals(alone);
                    });
            for (String endpoint : new String[] {"broadcast", "echo", "hello"}) {
                assertEquals(0.0, NodeStatus.metric(base, "switchboard_connections_open", "endpoint=\"" + endpoint + "\""),
                        endpoint + " (seed " + seed + ", " + failures.size() + " resets refused early)");
            }
            assertEquals(1.0, NodeStatus.metric(base, "switchboard_connections_open", "endpoint=\"chat\""));
            watcher.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", watcher.nextOfType("message").get("text").asText());
        }
    }

    /**
     * The reported failure: members reset while the room fans out to them. A write to a reset member
     * fails inside the fan-out, and the container (Tyrus) closes that member on the same thread.
     */
    @Test
    void membersResetWhileTheRoomFansOutToThemLeaveTheUserList() throws Exception {
        try (TestClient watcher = TestClient.connect(SwitchboardWar.ws(base, "chat/fanout"))) {
            List<String> alone = users(watcher.nextOfType("userlist"));
            int baseline = onlyTheWatcherIsConnected();
            List<Socket> members = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Socket member = RawHandshake.open(base, "chat/fanout",
                        Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "json"));
                member.setSoLinger(true, 0);
                members.add(member);
            }
            String text = "x".repeat(1500);
            Thread chatter = new Thread(() -> {
                try {
                    for (int i = 0; i < 100 && watcher.isOpen(); i++) {
                        watcher.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
                        Thread.sleep(110); // under the 10/s rate limit
                    }
                } catch (Exception stopped) {
                    // the watcher's own checks below report what matters
                }
            });
            chatter.start();
            Thread.sleep(500);
            for (Socket member : members) {
                member.close(); // TCP reset while messages are being fanned out to it
            }
            chatter.join();
            List<String> lastUserList = new ArrayList<>();
            await("user list back to the watcher alone, /health back to " + baseline)
                    .atMost(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (Object message = watcher.poll(Duration.ofMillis(50)); message != null;
                             message = watcher.poll(Duration.ofMillis(50))) {
                            JsonNode json = JSON.readTree((String) message);
                            if (json.get("type").asText().equals("userlist")) {
                                lastUserList.clear();
                                lastUserList.addAll(users(json));
                            }
                        }
                        return NodeStatus.connections(base) == baseline && lastUserList.equals(alone);
                    });
            assertEquals(true, watcher.isOpen(), "the watcher was never closed (no 1011, no rate limit)");
        }
    }

    private static List<String> users(JsonNode userList) {
        List<String> users = new ArrayList<>();
        userList.get("users").forEach(user -> users.add(user.asText()));
        return users;
    }

    private void reset(String path, Stage stage, Random random) throws IOException {
        Map<String, String> headers = path.startsWith("chat") || path.startsWith("broadcast")
                ? Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "json")
                : Map.of("Origin", "http://localhost");
        Socket socket;
        if (stage == Stage.MID_HANDSHAKE) {
            socket = new Socket(base.getHost(), base.getPort());
            String request = "GET " + base.getPath().replaceFirst("/?$", "/") + path + " HTTP/1.1\r\nHost: "
                    + base.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            socket.getOutputStream().write(request.substring(0, 1 + random.nextInt(request.length() - 1))
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } else {
            socket = RawHandshake.open(base, path, headers);
            RawFrames frames = new RawFrames(socket);
            if (stage == Stage.AFTER_A_MESSAGE_MID_FRAME) {
                frames.sendText(path.startsWith("chat") ? "{\"type\":\"message\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)
                        : "hi".getBytes(StandardCharsets.UTF_8));
            }
            if (stage != Stage.AFTER_HANDSHAKE) {
                byte[] part = new byte[random.nextInt(20)];
                frames.sendFrame(0x81, part, 100 + random.nextInt(1000), true); // announces more than it sends
            }
        }
        socket.setSoLinger(true, 0); // close now sends a TCP reset, no close frame, no FIN
        socket.close();
    }

    /**
     * An earlier test's client may still be closing when the watcher joins, and a count read at once
     * would include it: wait until the watcher is the one connection the node holds (the idle sweep
     * releases any other within the idle timeout).
     */
    private int onlyTheWatcherIsConnected() {
        await("the watcher alone connected").atMost(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 30))
                .until(() -> NodeStatus.connections(base) == 1);
        return 1;
    }
}
