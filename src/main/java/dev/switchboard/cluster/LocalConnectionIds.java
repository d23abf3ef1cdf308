package dev.switchboard.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** Ids for a single node. */
public final class LocalConnectionIds implements ConnectionIds {

    private final AtomicLong last = new AtomicLong();

    @Override
    public long next() {
        return last.incrementAndGet();
    }
}
