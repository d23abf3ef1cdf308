package dev.switchboard.ops;

import dev.switchboard.handshake.RemoteAddressFilter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket sessions on this node, all endpoints together. Refuses those over
 * {@code switchboard.maxConnections}: past what the node can hold, a clear 1013 "try again later"
 * beats a connection that hangs or an out-of-memory error for everyone.
 */
public final class ConnectionTracker {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());

    private final int max;
    private final Metrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<Session, Connection> connections = new ConcurrentHashMap<>();

    public ConnectionTracker(int max, Metrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    /** Registers {@code session}, or closes it with 1013 and answers null when the node is full. */
    public Connection admit(Session session, EndpointKind kind) {
        String remoteAddress = RemoteAddressFilter.of(session);
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.refused(Metrics.Refusal.CAPACITY);
            LOG.log(System.Logger.Level.WARNING, "/{0} session {1} from {2}: refused, {3} connections open (1013)",
                    kind.label(), session.getId(), remoteAddress, max);
            SessionCloser.close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "try again later");
            return null;
        }
        EndpointMetrics endpointMetrics = metrics.endpoint(kind);
        Connection connection = new Connection(session, kind, endpointMetrics, remoteAddress, System.nanoTime());
        connections.put(session, connection);
        endpointMetrics.open.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "{0}: opened", connection);
        return connection;
    }

    /** Closes a session that was admitted but asked for something invalid (a bad room or channel name). */
    public void refuse(Connection connection, Metrics.Refusal refusal, CloseReason.CloseCode code, String reason) {
        metrics.refused(refusal);
        LOG.log(System.Logger.Level.INFO, "{0}: refused ({1} {2})", connection, code.getCode(), reason);
        SessionCloser.close(connection.session(), code, reason);
    }

    public void release(Connection connection, CloseReason reason) {
        if (connections.remove(connection.session()) != null) {
            open.decrementAndGet();
            connection.metrics().open.decrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "{0}: closed ({1} {2})", connection,
                    reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    public int openCount() {
        return open.get();
    }

    Collection<Connection> all() {
        return connections.values();
    }

    /** Undeploy or shutdown: every client is told 1001 rather than seeing the TCP connection drop. */
    public void closeAll() {
        for (Connection connection : connections.values()) {
            SessionCloser.close(connection.session(), CloseReason.CloseCodes.GOING_AWAY, "going away");
        }
    }
}
