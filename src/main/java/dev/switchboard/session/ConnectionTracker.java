package dev.switchboard.session;

import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.metrics.EndpointMetrics;
import dev.switchboard.metrics.Metrics;
import dev.switchboard.handshake.ClientAddress;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket sessions on this node, all endpoints together. Refuses those over
 * {@code switchboard.maxConnections}: past what the node can hold, a clear 1013 "try again later"
 * beats a connection that hangs or an out-of-memory error for everyone. Once the node is shutting
 * down, a session that still opens is told 1001 at once.
 *
 * <p>Release is idempotent and does not wait for the container: the idle sweep releases a
 * connection whose peer went silent even if {@code @OnClose} never comes, and an {@code @OnClose}
 * arriving later finds nothing left to do.
 */
public final class ConnectionTracker {

    private static final System.Logger LOG = System.getLogger(ConnectionTracker.class.getName());

    /**
     * Tomcat's bound on a blocking send, which is what {@code Session.close} and pings are: 3 s
     * rather than 20, so that a closer thread stuck on a full socket is free again well within the
     * shutdown bound. Other containers ignore the property.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final long BLOCKING_SEND_TIMEOUT_MILLIS = 3_000;

    private static final CloseReason LOST = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connection lost");

    private final int max;
    private final Metrics metrics;
    private final SessionCloser closer;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<Session, Connection> connections = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public ConnectionTracker(int max, Metrics metrics, SessionCloser closer) {
        this.max = max;
        this.metrics = metrics;
        this.closer = closer;
    }

    /** Registers {@code session}, or closes it (1013 when the node is full, 1001 when it is stopping) and answers null. */
    public Connection admit(Session session, EndpointKind kind) {
        String remoteAddress = ClientAddress.of(session);
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
        if (stopping) {
            LOG.log(System.Logger.Level.INFO, "/{0} session {1} from {2}: refused, shutting down (1001)",
                    kind.label(), session.getId(), remoteAddress);
            closer.close(session, CloseReason.CloseCodes.GOING_AWAY, "going away");
            return null;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.refused(Metrics.Refusal.CAPACITY);
            LOG.log(System.Logger.Level.WARNING, "/{0} session {1} from {2}: refused, {3} connections open (1013)",
                    kind.label(), session.getId(), remoteAddress, max);
            closer.close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "try again later");
            return null;
        }
        EndpointMetrics endpointMetrics = metrics.endpoint(kind);
        Connection connection = new Connection(session, kind, endpointMetrics, remoteAddress, System.nanoTime());
        connections.put(session, connection);
        endpointMetrics.opened();
        LOG.log(System.Logger.Level.DEBUG, "{0}: opened", connection);
        if (stopping) { // shutdown began while this session was being admitted: closeAll may have missed it
            closer.close(session, CloseReason.CloseCodes.GOING_AWAY, "going away");
        }
        return connection;
    }

    /** Closes a session that was admitted but asked for something invalid (a bad room or channel name). */
    public void refuse(Connection connection, Metrics.Refusal refusal, CloseReason.CloseCode code, String reason) {
        metrics.refused(refusal);
        LOG.log(System.Logger.Level.INFO, "{0}: refused ({1} {2})", connection, code.getCode(), reason);
        closer.close(connection.session(), code, reason);
    }

    /** Closes {@code connection} from the server side, without waiting for the client. */
    public void close(Connection connection, CloseReason.CloseCode code, String reason) {
        closer.close(connection.session(), code, reason);
    }

    /**
     * A write to {@code connection} failed, so its peer is gone (or its session broke): it is
     * released now and its session closed. Tyrus on GlassFish and Payara, for one, drops the TCP
     * connection of a peer that reset it without always telling the endpoint, and a write to it
     * fails from then on; left to the container, the peer would stay in its room's user list until
     * the idle timeout.
     */
    public void lost(Connection connection, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: connection lost ({1})", connection, String.valueOf(cause));
        end(connection, LOST);
    }

    /** Closes {@code connection} with {@code reason} and releases it now, without waiting for the container's {@code @OnClose}. */
    void end(Connection connection, CloseReason reason) {
        close(connection, reason.getCloseCode(), reason.getReasonPhrase());
        release(connection, reason);
    }

    /**
     * The connection is over: it leaves its room or channel and the counts. Runs once, whichever
     * comes first of the container's {@code @OnClose}, a failed write and the idle sweep.
     */
    public void release(Connection connection, CloseReason reason) {
        if (connections.remove(connection.session(), connection)) {
            open.decrementAndGet();
            connection.metrics().closed();
            LOG.log(System.Logger.Level.DEBUG, "{0}: closed ({1} {2})", connection,
                    reason.getCloseCode().getCode(), reason.getReasonPhrase());
            connection.released();
        }
    }

    public int openCount() {
        return open.get();
    }

    Collection<Connection> all() {
        return connections.values();
    }

    /**
     * Undeploy or shutdown: no session is admitted any more, and every client is told 1001 rather
     * than seeing the TCP connection drop. The closes run in parallel on the closer threads; then
     * this waits for the sessions to be released (the container's {@code @OnClose} comes once the
     * client answers, or gives up on it), so that no container thread is still delivering frames
     * into this application when it is gone, and stops the closer threads. The whole takes at most
     * {@code boundMillis}; answers false when something was still open at the bound.
     */
    public boolean closeAllAndStop(long boundMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        stopping = true;
        for (Connection connection : connections.values()) {
            closer.close(connection.session(), CloseReason.CloseCodes.GOING_AWAY, "going away");
        }
        try {
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean released = connections.isEmpty();
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return closer.stop(left) && released;
    }
}
