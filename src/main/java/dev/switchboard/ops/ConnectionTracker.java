package dev.switchboard.ops;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open WebSocket sessions on this node, all endpoints together, and refuses those over
 * {@code switchboard.maxConnections}: past what the node can hold, a clear 1013 "try again later"
 * beats a connection that hangs or an out-of-memory error for everyone.
 */
public final class ConnectionTracker {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    public ConnectionTracker(int max) {
        this.max = max;
    }

    /** Registers {@code session}, or closes it with 1013 and answers false when the node is full. */
    public boolean admit(Session session) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            SessionCloser.close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "try again later");
            return false;
        }
        sessions.add(session);
        return true;
    }

    public void release(Session session) {
        if (sessions.remove(session)) {
            open.decrementAndGet();
        }
    }

    public int openCount() {
        return open.get();
    }

    /** Undeploy or shutdown: every client is told 1001 rather than seeing the TCP connection drop. */
    public void closeAll() {
        for (Session session : sessions) {
            SessionCloser.close(session, CloseReason.CloseCodes.GOING_AWAY, "going away");
        }
    }
}
