package dev.switchboard.broadcast;

import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.RateLimitResult;
import dev.switchboard.metrics.EndpointMetrics;

/**
 * One broadcast connection's behaviour, free of container types: size and rate limits, then the
 * relay. Text-mode clients are not told when a message is refused (their frames must be exactly
 * the texts sent); json-mode clients get an {@code error} frame.
 */
public final class BroadcastSession {

    private final long id;
    private final String channel;
    private final boolean json;
    private final ResumePoint resume;
    private final Outbox outbox;
    private final Outbox.Transport connection;
    private final BroadcastChannels channels;
    private final ConnectionRateLimit rateLimit;
    private final int maxMessageBytes;
    private final EndpointMetrics metrics;
    private final BroadcastEventEncoder encoder;

    /** @param resume where a json client asked to resume from, or null */
    BroadcastSession(long id, String channel, boolean json, ResumePoint resume, Outbox outbox, Outbox.Transport connection,
                     BroadcastChannels channels, ConnectionRateLimit rateLimit, int maxMessageBytes, EndpointMetrics metrics,
                     BroadcastEventEncoder encoder) {
        this.encoder = encoder;
        this.id = id;
        this.channel = channel;
        this.json = json;
        this.resume = resume;
        this.outbox = outbox;
        this.connection = connection;
        this.channels = channels;
        this.rateLimit = rateLimit;
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
    }

    void start() {
        channels.subscribe(channel, id, outbox, json, resume);
    }

    public void receive(Frame text) {
        if (text.bytes() > maxMessageBytes) {
            connection.close(1009, "message too big");
            return;
        }
        RateLimitResult limit = rateLimit.check();
        if (limit.allowed()) {
            PublishResult published = channels.publish(channel, id, text);
            if (published.accepted()) {
                return;
            }
            limit = rateLimit.rejectedElsewhere(published.retryAfterMillis());
        }
        metrics.rateLimited();
        if (limit.exceeded()) {
            connection.close(1008, "rate limit exceeded");
        } else if (json) {
            outbox.offer(encoder.frame(new BroadcastEvent.Error("rate-limited", limit.retryAfterMillis())));
        }
    }

    public void end() {
        outbox.close();
        channels.unsubscribe(channel, id);
    }
}
