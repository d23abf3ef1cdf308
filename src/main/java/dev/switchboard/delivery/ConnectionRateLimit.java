package dev.switchboard.delivery;

import java.util.function.LongSupplier;

/**
 * One connection's inbound limit: a token bucket over every text frame, plus the rule that
 * rejections by this limit in each of 10 consecutive seconds end the connection ({@link RejectionStreak}).
 */
public final class ConnectionRateLimit {

    static final int STREAK_SECONDS = 10;

    private final TokenBucket bucket;
    private final RejectionStreak streak = new RejectionStreak(STREAK_SECONDS);
    private final LongSupplier nanoClock;

    public ConnectionRateLimit(int rate, int burst, LongSupplier nanoClock) {
        this.bucket = new TokenBucket(rate, burst, nanoClock);
        this.nanoClock = nanoClock;
    }

    public RateLimitResult check() {
        long wait = bucket.tryTake();
        return wait == 0 ? RateLimitResult.ALLOWED : rejected(wait);
    }

    /**
     * A frame that passed this limit but was refused by another (a channel's). It never counts toward
     * the streak: a client that keeps within its own limit on a channel saturated by others is polite,
     * and must not be closed for what the others send.
     */
    public RateLimitResult rejectedElsewhere(long retryAfterMillis) {
        bucket.giveBack();
        return new RateLimitResult(retryAfterMillis, false);
    }

    private RateLimitResult rejected(long wait) {
        return new RateLimitResult(wait, streak.rejectedAt(nanoClock.getAsLong()));
    }
}
