package dev.switchboard.session;

import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.metrics.EndpointMetrics;
import dev.switchboard.delivery.Outbox;
import jakarta.websocket.Session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the node knows about one open WebSocket: its endpoint, counters, and when the peer last
 * sent anything (a pong included), for the idle timeout.
 */
public final class Connection {

    private final Session session;
    private final EndpointKind kind;
    private final EndpointMetrics metrics;
    private final String remoteAddress;
    private volatile long lastReceivedNanos;
    private volatile long lastPingNanos;
    private volatile Outbox outbox; // attached by the endpoint once admitted
    private Runnable onRelease; // guarded by this
    private boolean released; // guarded by this
    final AtomicBoolean pingInFlight = new AtomicBoolean();

    Connection(Session session, EndpointKind kind, EndpointMetrics metrics, String remoteAddress, long nowNanos) {
        this.session = session;
        this.kind = kind;
        this.metrics = metrics;
        this.remoteAddress = remoteAddress;
        this.lastReceivedNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public Session session() {
        return session;
    }

    public EndpointMetrics metrics() {
        return metrics;
    }

    /** A message of {@code bytes} arrived. */
    public void received(long bytes) {
        lastReceivedNanos = System.nanoTime();
        metrics.received(bytes);
    }

    /** A pong (or any other sign of life that is not a message) arrived. */
    public void touched() {
        lastReceivedNanos = System.nanoTime();
    }

    public void attach(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * What to do once when the connection is released (leave the room, close the outbox). Runs at
     * once, on the caller's thread, when the connection was already released: a container may close
     * the session inside {@code @OnOpen} (Jetty, failing the first write to a reset peer, runs
     * {@code @OnClose} on the same thread) before the endpoint has anything to undo, and what it
     * sets up afterwards must still be undone.
     */
    public void onRelease(Runnable action) {
        synchronized (this) {
            if (!released) {
                onRelease = action;
                return;
            }
        }
        action.run();
    }

    void released() {
        Runnable action;
        synchronized (this) {
            released = true;
            action = onRelease;
            onRelease = null;
        }
        if (action != null) {
            action.run();
        }
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }

    /** A ping would wait behind a write that may be stuck: only idle sockets are pinged. */
    boolean canBePinged() {
        Outbox attached = outbox;
        return attached == null || attached.pendingBytes() == 0;
    }

    @Override
    public String toString() {
        return "/" + kind.label() + " session " + session.getId() + " from " + remoteAddress;
    }
}
