package dev.switchboard.delivery;

/**
 * Tells when a connection has had messages rejected in each of N consecutive seconds: a client
 * that keeps hammering past its limit is closed (1008) instead of costing the server a rejection
 * per frame forever, while one that backs off when told is never closed.
 */
public final class RejectionStreak {

    private final int seconds;
    private long lastSecond = Long.MIN_VALUE;
    private int streak;

    public RejectionStreak(int seconds) {
        this.seconds = seconds;
    }

    /** Records a rejection at {@code nanoTime}; answers true when the streak has reached its length. */
    public synchronized boolean rejectedAt(long nanoTime) {
        long second = Math.floorDiv(nanoTime, 1_000_000_000L);
        if (second == lastSecond) {
            return streak >= seconds;
        }
        streak = second == lastSecond + 1 ? streak + 1 : 1;
        lastSecond = second;
        return streak >= seconds;
    }
}
