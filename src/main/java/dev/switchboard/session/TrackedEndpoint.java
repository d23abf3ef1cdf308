package dev.switchboard.session;

import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.metrics.Metrics;
import dev.switchboard.handshake.ResourceName;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/**
 * What every Switchboard endpoint does around its own messages: admission under the connection
 * cap (1013), tracking for metrics and the idle timeout, pongs as signs of life, release on close,
 * and errors (1011 for server faults).
 *
 * <p>None of these methods is annotated: Jakarta WebSocket §4.8 says method annotations are not
 * inherited, and Open Liberty takes that literally (an endpoint without its own {@code @OnOpen} and
 * {@code @OnMessage} does not deploy; an inherited {@code @OnClose} never runs). Each endpoint class
 * declares its own {@code @OnOpen}, {@code @OnMessage} (pongs included), {@code @OnClose} and
 * {@code @OnError} and delegates here.
 *
 * <p>{@link #closed()} runs once per connection, from whichever releases it first: the container's
 * {@code @OnClose} or the node's idle sweep (a container may never report a vanished peer), and
 * never before the endpoint's {@code @OnOpen} has returned: each {@code @OnOpen} ends with
 * {@link #opened()} (in a {@code finally}), which runs {@link #closed()} then and there if the
 * connection was released meanwhile. Jetty closes a session inside {@code @OnOpen} when the first
 * write to a reset peer fails, calling {@code @OnClose} on the same thread before the endpoint has
 * joined its room; undone at that point, the join that follows would stay forever.
 */
public abstract class TrackedEndpoint {

    private static final CloseReason CLOSED_BEFORE_OPEN =
            new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "closed before it opened");

    private final EndpointKind kind;
    private final SessionServices sessions;
    private volatile Connection connection; // null when the node refused the connection
    private volatile boolean containerClosed; // @OnClose ran, possibly before @OnOpen (Jetty opens late)

    protected TrackedEndpoint(EndpointKind kind, SessionServices sessions) {
        this.kind = kind;
        this.sessions = sessions;
    }

    /** This session's connection once admitted; null when it was refused (then no handler acts on it). */
    protected final Connection connection() {
        return connection;
    }

    /** The admitted connection's transport: outboxes send through it, and its closes never block. */
    protected final SessionTransport transport() {
        return sessions.transport(connection);
    }

    /** Closes the admitted connection from the server side, without waiting for the client. */
    protected final void closeConnection(CloseReason.CloseCode code, String reason) {
        sessions.connections().close(connection, code, reason);
    }

    /**
     * Registers the session; false when the node is full and it was closed with 1013, or when the
     * container already ran {@code @OnClose} for it (then it is released at once rather than left
     * to the idle sweep). On true, the {@code @OnOpen} must end with {@link #opened()}.
     */
    protected final boolean admit(Session session) {
        Connection admitted = sessions.connections().admit(session, kind);
        if (admitted == null) {
            return false;
        }
        connection = admitted; // written before containerClosed is read: release() sees one or the other
        if (containerClosed) {
            sessions.connections().release(admitted, CLOSED_BEFORE_OPEN);
            connection = null; // as refused: no message handler acts on it
            return false;
        }
        return true;
    }

    /**
     * The end of {@code @OnOpen}, in a {@code finally} after a successful {@link #admit}: from now on
     * a release runs {@link #closed()}; if the connection was released while {@code @OnOpen} ran,
     * {@link #closed()} runs now, on this thread, undoing what {@code @OnOpen} set up.
     */
    protected final void opened() {
        Connection admitted = connection;
        if (admitted != null) {
            admitted.onRelease(this::closed);
        }
    }

    /**
     * The room or channel named by path parameter {@code parameter} ({@code fallback} when the path
     * has none), or null after closing the session with 1008 {@code invalid name}.
     */
    protected final String nameFromPath(Session session, String parameter, String fallback) {
        String name = session.getPathParameters().getOrDefault(parameter, fallback);
        if (ResourceName.isValid(name)) {
            return name;
        }
        sessions.connections().refuse(connection, Metrics.Refusal.INVALID_NAME,
                CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
        return null;
    }

    /** For text-only endpoints: a binary frame closes the connection with 1003. */
    protected final void refuseBinary() {
        if (connection != null) {
            transport().close(1003, "binary messages are not supported");
        }
    }

    /** A pong is a sign of life: it holds off the idle timeout. */
    protected final void ponged() {
        if (connection != null) {
            connection.touched();
        }
    }

    /** The endpoint's {@code @OnClose}: the connection leaves the tracker, which runs {@link #closed()} once. */
    protected final void release(CloseReason reason) {
        containerClosed = true; // written before connection is read: admit() sees one or the other
        Connection admitted = connection;
        if (admitted != null) {
            sessions.connections().release(admitted, reason); // runs closed(), once, after @OnOpen
        }
    }

    /** The session has closed or been released: leave rooms, cancel timers. Runs once. */
    protected void closed() {
    }

    /** The endpoint's {@code @OnError}: see {@link SessionFailures}. */
    protected final void failed(Session session, Throwable error) {
        sessions.failures().handle("/" + kind.label(), session, error);
    }
}
