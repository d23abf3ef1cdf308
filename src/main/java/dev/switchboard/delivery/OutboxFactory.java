package dev.switchboard.delivery;

import dev.switchboard.config.SlowConsumerPolicy;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;

/**
 * The one way outboxes are made: every outbox of a node shares the node's timer thread, which
 * closes a slow consumer that never reads again.
 */
public final class OutboxFactory {

    private final ScheduledExecutorService timer;

    /** @param timer a single thread for short timed work; its tasks never block */
    public OutboxFactory(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** An outbox whose client is never told about dropped frames. */
    public Outbox create(Outbox.Transport transport, long maxPendingBytes, SlowConsumerPolicy policy,
                         Outbox.Listener listener) {
        return create(transport, maxPendingBytes, policy, null, listener);
    }

    /** @param droppedNotice builds the frame that tells the client how many frames it lost, or null */
    public Outbox create(Outbox.Transport transport, long maxPendingBytes, SlowConsumerPolicy policy,
                         IntFunction<Frame> droppedNotice, Outbox.Listener listener) {
        return new Outbox(transport, maxPendingBytes, policy, droppedNotice, timer, listener);
    }
}
