package dev.switchboard.broadcast;

/**
 * The outcome of one publish: relayed as {@code seq} to {@code recipients} sessions, or refused by
 * the channel's rate limit ({@code retryAfterMillis > 0}).
 */
public record PublishResult(long seq, int recipients, long retryAfterMillis) {

    static PublishResult published(long seq, int recipients) {
        return new PublishResult(seq, recipients, 0);
    }

    static PublishResult rateLimited(long retryAfterMillis) {
        return new PublishResult(0, 0, retryAfterMillis);
    }

    public boolean accepted() {
        return retryAfterMillis == 0;
    }
}
