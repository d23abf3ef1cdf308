package dev.switchboard.session;

import jakarta.websocket.CloseReason;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * A sweep, run every second, that pings each connection every {@code heartbeatSeconds} and closes
 * one whose peer has sent nothing at all (pongs included) for {@code idleTimeoutSeconds} with 1001
 * {@code idle timeout}: a dead peer behind a NAT or a sleeping laptop otherwise holds a socket and
 * its buffers forever. The sweep also releases that connection itself (user list, count, metrics)
 * rather than waiting for {@code @OnClose}: a container does not always report the close of a
 * connection whose peer vanished mid-frame.
 * Pings go out on their own executor, never more than one per connection at a time, so a
 * connection whose socket is stuck cannot hold up the sweep. A ping that fails with an I/O error
 * releases its connection at once (where the container reports it: Tyrus's ping returns before the
 * write and drops its outcome, so there the idle timeout remains the bound).
 */
public final class Heartbeat implements Runnable {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private static final CloseReason IDLE = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout");

    private final ConnectionTracker connections;
    private final long heartbeatNanos;
    private final long idleTimeoutNanos;
    private final Executor pinger;

    public Heartbeat(ConnectionTracker connections, int heartbeatSeconds, int idleTimeoutSeconds, Executor pinger) {
        this.connections = connections;
        this.heartbeatNanos = heartbeatSeconds * 1_000_000_000L;
        this.idleTimeoutNanos = idleTimeoutSeconds * 1_000_000_000L;
        this.pinger = pinger;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Connection connection : connections.all()) {
            try {
                sweep(connection, now);
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: one bad connection must not end
                // the idle timeout for every other, and the one that threw still leaves the counts
                LOG.log(System.Logger.Level.WARNING, "Heartbeat for " + connection + " failed", e);
                connections.release(connection, IDLE);
            }
        }
    }

    private void sweep(Connection connection, long now) {
        if (now - connection.lastReceivedNanos() > idleTimeoutNanos) {
            LOG.log(System.Logger.Level.INFO, "{0}: silent for {1} s, closing", connection,
                    idleTimeoutNanos / 1_000_000_000L);
            connections.end(connection, IDLE);
        } else if (now - connection.lastPingNanos() >= heartbeatNanos && connection.canBePinged()
                && connection.pingInFlight.compareAndSet(false, true)) {
            connection.pinged(now);
            pinger.execute(() -> ping(connection));
        }
    }

    private void ping(Connection connection) {
        try {
            if (connection.session().isOpen()) {
                connection.session().getAsyncRemote().sendPing(EMPTY.duplicate());
            }
        } catch (InterruptedIOException e) {
            // Tomcat's blocking send timed out on a full socket: a slow reader, not a lost peer
            LOG.log(System.Logger.Level.DEBUG, "{0}: ping timed out ({1})", connection, e.toString());
        } catch (IOException e) {
            connections.lost(connection, e); // the write failed: the peer is gone, no need to wait out the idle timeout
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: ping failed ({1})", connection, e.toString());
        } finally {
            connection.pingInFlight.set(false);
        }
    }
}
