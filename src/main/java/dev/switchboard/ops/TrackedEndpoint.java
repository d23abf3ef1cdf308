package dev.switchboard.ops;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.handshake.ResourceName;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * What every Switchboard endpoint does around its own messages: admission under the connection
 * cap (1013), tracking for metrics and the idle timeout, pongs as signs of life, release on close,
 * and errors (1011 for server faults). Containers find these annotated methods on the subclass.
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

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.touched();
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            node.connections().release(connection, reason); // runs closed(), once
        }
    }

    /** The session has closed or been released: leave rooms, cancel timers. Runs once. */
    protected void closed() {
    }

    @OnError
    public void error(Session session, Throwable error) {
        (node != null ? node : SwitchboardNode.current()).failures().handle("/" + kind.label(), session, error);
    }
}
