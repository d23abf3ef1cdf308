package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket client (Tyrus) that records what the server sends, for assertions. */
public final class TestClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private TestClient(URI uri, String origin, List<String> subprotocols) throws DeploymentException, IOException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(subprotocols)
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        // Tyrus sends an Origin derived from the URI unless told otherwise
                        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
                        if (origin != null) {
                            headers.put("Origin", List.of(origin));
                        }
                    }
                })
                .build();
        // a client container per connection: Tyrus stops a shared one when its last session
        // closes, and a connection opened just then fails on the stopped scheduler
        this.session = ClientManager.createClient().connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(8 * 1024 * 1024);
                session.setMaxBinaryMessageBufferSize(8 * 1024 * 1024);
                session.addMessageHandler(String.class, received::add);
                session.addMessageHandler(ByteBuffer.class, received::add);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, config, uri);
    }

    /** Connects as a page on localhost would. */
    public static TestClient connect(URI uri, String... subprotocols) throws DeploymentException, IOException {
        return connectFrom("http://localhost:8080", uri, subprotocols);
    }

    /** Connects with the given {@code Origin} header, or none when {@code origin} is null. */
    public static TestClient connectFrom(String origin, URI uri, String... subprotocols)
            throws DeploymentException, IOException {
        return new TestClient(uri, origin, List.of(subprotocols));
    }

    public void send(String text) throws IOException {
        try {
            session.getBasicRemote().sendText(text);
        } catch (RejectedExecutionException serverClosedDuringSend) {
            closedDuringSend(serverClosedDuringSend);
        }
    }

    public void send(ByteBuffer data) throws IOException {
        try {
            session.getBasicRemote().sendBinary(data);
        } catch (RejectedExecutionException serverClosedDuringSend) {
            closedDuringSend(serverClosedDuringSend);
        }
    }

    /**
     * Tyrus fails a send with RejectedExecutionException when the server closes the connection
     * (e.g. with 1009 for that very message) while the send is still going out: the client's
     * scheduler has already stopped. The close is what the test then asserts, so wait for it.
     */
    private void closedDuringSend(RejectedExecutionException e) throws IOException {
        try {
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notClosed) {
            throw new IOException("send failed and the connection did not close", e);
        }
    }

    public String subprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    public String nextText() throws InterruptedException {
        Object message = next();
        if (!(message instanceof String text)) {
            throw new AssertionError("expected a text message, got " + message);
        }
        return text;
    }

    /** The next text message, parsed as JSON. */
    public JsonNode nextJson() throws Exception {
        return JSON.readTree(nextText());
    }

    /** Skips messages until one of JSON {@code type} arrives, and returns it. */
    public JsonNode nextOfType(String type) throws Exception {
        while (true) {
            JsonNode event = nextJson();
            if (type.equals(event.path("type").asText())) {
                return event;
            }
        }
    }

    public ByteBuffer nextBinary() throws InterruptedException {
        Object message = next();
        if (!(message instanceof ByteBuffer data)) {
            throw new AssertionError("expected a binary message, got " + message);
        }
        return data;
    }

    private Object next() throws InterruptedException {
        Object message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            fail("no message within " + WAIT + (closed.isDone() ? "; closed with " + closed.join() : ""));
        }
        return message;
    }

    /** The next message if one arrives within {@code wait}, else null. */
    public Object poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public CloseReason awaitClose() throws Exception {
        CloseReason reason = closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(reason);
        return reason;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
