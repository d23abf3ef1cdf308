package dev.switchboard.broadcast;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's channels: a {@link Channel} (the local subscribers) exists while it has subscribers;
 * the numbering, history and rate limit live in the {@link ChannelLog}, which keeps them for the
 * retain window after the last subscriber left.
 *
 * <p>A publish to a channel without subscribers on this node goes to the log alone: while the channel
 * is retained it is numbered and kept in the history (a client that resumes gets it), answering
 * {@code recipients} 0; a channel with no state at all keeps nothing and answers {@code seq} 0.
 * Creating state there would let publishers make the server hold channels nobody listens to.
 *
 * <p>Subscribing, leaving and publishing to a channel without subscribers all run inside the map's
 * per-key {@code compute}, and publishing to a channel with subscribers under its lock, so a new
 * subscriber's replay never misses a message numbered while its {@link Channel} was being created.
 */
public final class Channels implements BroadcastChannels {

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final ChannelLog log;
    private final long replayBudgetBytes;
    private final BroadcastEventEncoder encoder;

    /** @param replayBudgetBytes the most one client's replay may queue (see {@link Channel}) */
    public Channels(ChannelLog log, long replayBudgetBytes, BroadcastEventEncoder encoder) {
        this.log = log;
        this.encoder = encoder;
        this.replayBudgetBytes = replayBudgetBytes;
    }

    /**
     * Adds a subscriber. A json one gets {@code subscribed} and, if {@code resume} names the channel's
     * current epoch, the retained messages after {@code resume.since()}; text ones get neither.
     */
    @Override
    public void subscribe(String channel, long id, Outbox outbox, boolean json, ResumePoint resume) {
        channels.compute(channel, (name, existing) -> {
            Channel target = existing;
            if (target == null) {
                log.occupy(name);
                target = new Channel(name, log, replayBudgetBytes, encoder);
            }
            target.subscribe(id, outbox, json, resume);
            return target;
        });
        outbox.flush(); // after the map's lock: a send may re-enter it (a container closing a session)
    }

    @Override
    public void unsubscribe(String channel, long id) {
        channels.computeIfPresent(channel, (name, existing) -> {
            if (!existing.unsubscribe(id)) {
                return existing;
            }
            log.vacate(name);
            return null;
        });
    }

    /** Relays {@code text}, measured once by the caller, to the channel. */
    @Override
    public PublishResult publish(String channel, long from, Frame text) {
        while (true) {
            Channel target = channels.get(channel);
            if (target == null) {
                PublishResult[] vacant = {null};
                channels.compute(channel, (name, existing) -> {
                    if (existing == null) {
                        ChannelLog.Appended appended = log.append(name, from, text.text());
                        vacant[0] = appended.isRateLimited() ? PublishResult.rateLimited(appended.retryAfterMillis())
                                : PublishResult.published(appended.isNumbered() ? appended.envelope().seq() : 0, 0);
                    }
                    return existing;
                });
                if (vacant[0] != null) {
                    return vacant[0];
                }
            } else {
                PublishResult result = target.publish(from, text);
                if (result != null) {
                    return result;
                }
            }
            // the channel gained or lost its Channel meanwhile: look again
        }
    }
}
