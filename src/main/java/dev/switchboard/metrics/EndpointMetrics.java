package dev.switchboard.metrics;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One endpoint's counters. They sit on the message path, so they are {@link LongAdder}s: no lock,
 * no allocation, no contention between cores. Micrometer reads them only when scraped.
 */
public final class EndpointMetrics implements Outbox.Listener {

    final AtomicInteger open = new AtomicInteger();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder dropped = new LongAdder();

    /** A session of this endpoint was admitted. */
    public void opened() {
        open.incrementAndGet();
    }

    /** An admitted session of this endpoint was released. */
    public void closed() {
        open.decrementAndGet();
    }

    public int openCount() {
        return open.get();
    }

    public void received(long bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    public void sent(long bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void sent(Frame frame) {
        sent(frame.bytes());
    }

    @Override
    public void dropped(int frames) {
        dropped.add(frames);
    }
}
