package dev.switchboard.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Every server-side close goes through here: limits, slow consumers, idle timeouts, hello's
 * {@code Bye!}, 1011 after a fault, and shutdown. {@code Session.close} blocks while the container
 * writes the close frame, which takes as long as the client's socket stays full, so a close is only
 * ever handed to this node's closer threads: the caller (the timer thread, a publisher, a container
 * worker) returns at once and never waits on a client.
 */
public final class SessionCloser {

    private static final System.Logger LOG = System.getLogger(SessionCloser.class.getName());

    static final long HANDOFF_WAIT_MILLIS = 250;

    private final ExecutorService closers;

    public SessionCloser(ExecutorService closers) {
        this.closers = closers;
    }

    /** Hands the close to the closer threads and returns at once. */
    public void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            closers.execute(() -> closeNow(session, code, reason));
        } catch (RejectedExecutionException stopped) {
            // the closer threads have stopped (shutdown): only a session opening this late gets here,
            // and a socket that has just opened has room for a close frame
            closeNow(session, code, reason);
        }
    }

    /**
     * Like {@link #close}, for a close the container is about to overtake: after an {@code @OnError}
     * for an exception thrown by an endpoint, Tomcat closes the session itself (with 1002) as soon as
     * the handler returns, unless a close has begun. So this waits until the session reports closed,
     * at most {@link #HANDOFF_WAIT_MILLIS}: a client that reads gets 1011 at once; for one that does
     * not, the caller gives up after that short bound while the closer thread carries on (and the
     * container, seeing a close under way, adds none of its own). Only the fault path uses this.
     */
    public void closeAhead(Session session, CloseReason.CloseCode code, String reason) {
        close(session, code, reason);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDOFF_WAIT_MILLIS);
        while (session.isOpen() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Stops the closer threads once the closes handed over so far are done, waiting at most
     * {@code boundMillis}. Answers false when some were still stuck at the bound (their threads are
     * then interrupted).
     */
    boolean stop(long boundMillis) {
        closers.shutdown();
        try {
            if (closers.awaitTermination(boundMillis, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closers.shutdownNow();
        return false;
    }

    private static void closeNow(Session session, CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing session {0} with {1}: peer already gone ({2})",
                    session.getId(), code.getCode(), e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing session " + session.getId() + " with " + code.getCode(), e);
        }
    }
}
