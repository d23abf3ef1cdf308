package dev.switchboard.delivery;

import dev.switchboard.config.SlowConsumerPolicy;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One session's outbound queue. Publishers only {@link #offer} frames: they never touch the socket,
 * so a client that stops reading cannot slow anyone else down. At most one asynchronous send is in
 * flight per session, which is what containers require (Tomcat throws
 * {@code TEXT_FULL_WRITING} on a second concurrent send) and what keeps frames in order.
 *
 * <p>Pending data is bounded in bytes, because memory is what a stalled reader costs: past the
 * bound the {@link SlowConsumerPolicy} either drops this client's oldest pending frames (and, if
 * the client wants to know, tells it how many before the next frame it does get) or closes it.
 *
 * <p>A slow client is closed only after the write in flight completes: closing under a stuck write
 * makes containers drop the TCP connection without a close frame, so a client that does read again
 * would never learn why. One that never reads again is closed anyway after {@link #DISCONNECT_GRACE_SECONDS}.
 * Whether a write is in flight is tracked exactly (not "a send loop is running"), so a slow consumer
 * whose last write already completed is closed at once.
 */
public final class Outbox {

    /** The socket side, a session's async remote in production and a fake in unit tests. */
    public interface Transport {
        void sendText(String text, SendHandler handler);

        void sendBinary(ByteBuffer data, SendHandler handler);

        /** Closes the session; must return at once (production hands the close to the closer threads). */
        void close(int code, String reason);

        /**
         * A write failed: the peer is gone or the session broke, and this outbox accepts nothing
         * more. Ends the connection without waiting for the container to report it (some never do);
         * must return at once.
         */
        void lost(Throwable cause);
    }

    /** Outbound events worth counting. */
    public interface Listener {
        default void sent(Frame frame) {}

        default void dropped(int frames) {}
    }

    static final int DISCONNECT_GRACE_SECONDS = 10;

    private final Transport transport;
    private final long maxPendingBytes;
    private final SlowConsumerPolicy policy;
    private final IntFunction<Frame> droppedNotice; // null: the client is not told about drops
    private final ScheduledExecutorService timer;
    private final Listener listener;

    private final Object lock = new Object();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long inFlightBytes;
    private boolean inFlight;    // a write was handed to the transport and has not completed
    private boolean sending;     // a send loop owns the socket (it may be between two writes)
    private boolean closed;
    private boolean disconnectAfterSend; // a slow consumer waits for its write in flight
    private boolean disconnected;
    private int droppedUnreported;

    /**
     * @param droppedNotice builds the frame that tells a client how many frames it lost, or null
     * @param timer         schedules the fallback close of a slow consumer that never reads again
     */
    public Outbox(Transport transport, long maxPendingBytes, SlowConsumerPolicy policy,
                  IntFunction<Frame> droppedNotice, ScheduledExecutorService timer, Listener listener) {
        this.transport = transport;
        this.maxPendingBytes = maxPendingBytes;
        this.policy = policy;
        this.droppedNotice = droppedNotice;
        this.timer = timer;
        this.listener = listener;
    }

    /** Queues {@code frame} and starts sending it if nothing is in flight; false when the outbox is closed. */
    public boolean offer(Frame frame) {
        boolean idle = enqueue(frame);
        if (idle) {
            flush();
        }
        return !isClosed();
    }

    /**
     * Queues {@code frame} without touching the socket, and answers whether the outbox is idle and
     * needs {@link #flush()}. A publisher fanning out under a lock enqueues to everyone under it
     * (which fixes the order) and flushes after releasing it (which does the socket writes).
     */
    public boolean enqueue(Frame frame) {
        int dropped = 0;
        boolean disconnect = false;
        boolean waitForSend = false;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (queuedBytes + inFlightBytes + frame.bytes() > maxPendingBytes) {
                if (policy == SlowConsumerPolicy.DISCONNECT) {
                    closed = true;
                    queue.clear();
                    queuedBytes = 0;
                    disconnect = true;
                    waitForSend = inFlight;
                    disconnectAfterSend = inFlight;
                } else {
                    while (!queue.isEmpty() && queuedBytes + inFlightBytes + frame.bytes() > maxPendingBytes) {
                        queuedBytes -= queue.pollFirst().bytes();
                        dropped++;
                    }
                    droppedUnreported += dropped;
                }
            }
            if (!disconnect) {
                queue.addLast(frame);
                queuedBytes += frame.bytes();
            }
        }
        if (dropped > 0) {
            listener.dropped(dropped);
        }
        if (disconnect) {
            if (waitForSend) {
                timer.schedule(this::disconnect, DISCONNECT_GRACE_SECONDS, TimeUnit.SECONDS);
            } else {
                disconnect();
            }
            return false;
        }
        synchronized (lock) {
            return !sending;
        }
    }

    /** Starts sending what is queued, unless a send is already in flight. */
    public void flush() {
        synchronized (lock) {
            if (sending) {
                return;
            }
            sending = true;
        }
        sendLoop();
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Closes a slow consumer with 1008, once, whichever comes first: its last write or the grace period. */
    private void disconnect() {
        synchronized (lock) {
            if (disconnected) {
                return;
            }
            disconnected = true;
        }
        transport.close(1008, "slow consumer");
    }

    /** Bytes queued or being written. */
    public long pendingBytes() {
        synchronized (lock) {
            return queuedBytes + inFlightBytes;
        }
    }

    /** The session is gone: drop what is queued and accept nothing more. A write in flight completes on its own. */
    public void close() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
    }

    /**
     * Sends until the queue is empty or a send is still in progress. A container may complete a
     * send on the calling thread, inside {@code sendText}; then this loop continues rather than the
     * handler recursing, so a long queue cannot overflow the stack.
     */
    private void sendLoop() {
        while (true) {
            Completion completion;
            synchronized (lock) {
                Frame next = nextFrameLocked();
                if (next == null) {
                    sending = false;
                    return;
                }
                inFlight = true;
                inFlightBytes = next.bytes();
                completion = new Completion(next);
            }
            try {
                Frame frame = completion.frame;
                if (frame.isBinary()) {
                    transport.sendBinary(frame.binary().duplicate(), completion);
                } else {
                    transport.sendText(frame.text(), completion);
                }
            } catch (RuntimeException e) {
                completion.onResult(new SendResult(e));
            }
            synchronized (lock) {
                if (!completion.done) {
                    completion.senderReturned = true;
                    return; // the completion handler carries on
                }
            }
        }
    }

    private Frame nextFrameLocked() {
        if (closed) {
            return null;
        }
        if (droppedUnreported > 0 && droppedNotice != null && !queue.isEmpty()) {
            Frame notice = droppedNotice.apply(droppedUnreported);
            droppedUnreported = 0;
            return notice;
        }
        Frame next = queue.pollFirst();
        if (next != null) {
            queuedBytes -= next.bytes();
        }
        return next;
    }

    private final class Completion implements SendHandler {
        final Frame frame;
        boolean done;           // guarded by lock
        boolean senderReturned; // guarded by lock

        Completion(Frame frame) {
            this.frame = frame;
        }

        @Override
        public void onResult(SendResult result) {
            boolean continueHere;
            boolean disconnectNow;
            synchronized (lock) {
                if (done) {
                    return;
                }
                done = true;
                inFlight = false;
                inFlightBytes = 0;
                disconnectNow = disconnectAfterSend;
                disconnectAfterSend = false;
                if (!result.isOK()) {
                    closed = true;
                    queue.clear();
                    queuedBytes = 0;
                }
                continueHere = senderReturned;
            }
            if (result.isOK()) {
                listener.sent(frame);
            } else {
                transport.lost(result.getException());
            }
            if (disconnectNow) {
                disconnect();
            }
            if (continueHere) {
                sendLoop(); // ends at once, clearing sending, when the outbox has closed
            }
        }
    }
}
