package dev.switchboard.delivery;

/** The answer of a rate-limit check: allowed, or rejected with a wait, possibly ending the connection. */
public record RateLimitResult(long retryAfterMillis, boolean exceeded) {

    public static final RateLimitResult ALLOWED = new RateLimitResult(0, false);

    public boolean allowed() {
        return retryAfterMillis == 0;
    }
}
