package dev.switchboard.delivery;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens a second, holding at most {@code burst}. Thread-safe, so one
 * bucket can be shared by every publisher of a channel.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    // Credit is kept in nanoseconds of refill time, so arithmetic is exact: one token costs
    // 1e9 / rate ns, and the bucket holds at most burst tokens' worth.
    private final long tokenNanos;
    private final long capacityNanos;
    private final LongSupplier nanoClock;
    private long creditNanos;
    private long refilledAt;

    public TokenBucket(int rate, int burst, LongSupplier nanoClock) {
        this.tokenNanos = Math.max(1, NANOS_PER_SECOND / rate);
        this.capacityNanos = tokenNanos * burst;
        this.nanoClock = nanoClock;
        this.creditNanos = capacityNanos;
        this.refilledAt = nanoClock.getAsLong();
    }

    /**
     * Takes one token if there is one and answers 0; otherwise takes nothing and answers how many
     * milliseconds until one will be there (at least 1).
     */
    public synchronized long tryTake() {
        long now = nanoClock.getAsLong();
        long elapsed = now - refilledAt;
        refilledAt = now;
        creditNanos = elapsed >= capacityNanos - creditNanos ? capacityNanos : creditNanos + elapsed;
        if (creditNanos >= tokenNanos) {
            creditNanos -= tokenNanos;
            return 0;
        }
        long waitNanos = tokenNanos - creditNanos;
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    /** Gives back a token taken for a message that was then refused by another limit. */
    public synchronized void giveBack() {
        creditNanos = Math.min(capacityNanos, creditNanos + tokenNanos);
    }
}
