package dev.switchboard.broadcast;

import dev.switchboard.config.Settings;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.TokenBucket;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This node's channels. A channel exists while it has subscribers, so that clients cannot make the
 * server hold state for channels nobody listens to; {@code seq} therefore starts again at 1 when an
 * empty channel gets its first subscriber. A publish to a channel without subscribers relays
 * nothing and answers {@code seq} 0, {@code recipients} 0.
 */
public final class Channels {

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final Settings.Broadcast settings;
    private final LongSupplier clock;
    private final LongSupplier nanoClock;

    public Channels(Settings.Broadcast settings, LongSupplier clock, LongSupplier nanoClock) {
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    public void subscribe(String channel, long id, Outbox outbox, boolean json) {
        channels.compute(channel, (name, existing) -> {
            Channel target = existing != null ? existing
                    : new Channel(name, new TokenBucket(settings.channelRate(), settings.channelBurst(), nanoClock), clock);
            target.subscribe(id, outbox, json);
            return target;
        });
    }

    public void unsubscribe(String channel, long id) {
        channels.computeIfPresent(channel, (name, existing) -> existing.unsubscribe(id) ? null : existing);
    }

    /** Relays {@code text}, measured once by the caller, to the channel. */
    public PublishResult publish(String channel, long from, Frame text) {
        Channel target = channels.get(channel);
        return target == null ? PublishResult.published(0, 0) : target.publish(from, text);
    }
}
