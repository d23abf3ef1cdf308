package dev.switchboard.ops;

import dev.switchboard.SwitchboardNode;
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
 * {@code @OnClose} or the node's idle sweep (a container may never report a vanished peer).
 */
public abstract class TrackedEndpoint {

    private final EndpointKind kind;
    protected SwitchboardNode node;
    protected Connection connection; // null when the node refused the connection

    protected TrackedEndpoint(EndpointKind kind) {
        this.kind = kind;
    }

    /** Registers the session; false when the node is full and it was closed with 1013. */
    protected final boolean admit(Session session) {
        node = SwitchboardNode.current();
        connection = node.connections().admit(session, kind);
        if (connection == null) {
            return false;
        }
        connection.onRelease(this::closed);
        return true;
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
        node.connections().refuse(connection, Metrics.Refusal.INVALID_NAME,
                CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
        return null;
    }

    /** For text-only endpoints: a binary frame closes the connection with 1003. */
    protected final void refuseBinary() {
        if (connection != null) {
            node.transport(connection).close(1003, "binary messages are not supported");
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
        if (connection != null) {
            node.connections().release(connection, reason); // runs closed(), once
        }
    }

    /** The session has closed or been released: leave rooms, cancel timers. Runs once. */
    protected void closed() {
    }

    /** The endpoint's {@code @OnError}: see {@link SessionFailures}. */
    protected final void failed(Session session, Throwable error) {
        (node != null ? node : SwitchboardNode.current()).failures().handle("/" + kind.label(), session, error);
    }
}
