package dev.switchboard.broadcast;

import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.OutboxFactory;
import dev.switchboard.session.Connection;
import dev.switchboard.metrics.EndpointMetrics;

import java.util.function.LongSupplier;

/** Builds broadcast sessions with this node's channels, ids and limits. */
public final class BroadcastService {

    private final Settings.Broadcast settings;
    private final BroadcastChannels channels;
    private final ConnectionIds ids;
    private final OutboxFactory outboxes;
    private final EndpointMetrics metrics;
    private final LongSupplier nanoClock;
    private final BroadcastEventEncoder encoder;

    public BroadcastService(Settings.Broadcast settings, BroadcastChannels channels, ConnectionIds ids, OutboxFactory outboxes,
                            EndpointMetrics metrics, LongSupplier nanoClock, BroadcastEventEncoder encoder) {
        this.encoder = encoder;
        this.settings = settings;
        this.channels = channels;
        this.ids = ids;
        this.outboxes = outboxes;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** @param resume a json client's {@code since}/{@code epoch}, or null (text clients: ignored) */
    public BroadcastSession open(String channel, boolean json, ResumePoint resume, Outbox.Transport connection, Connection tracked) {
        Outbox outbox = outboxes.create(connection, settings.maxPendingBytes(), settings.slowConsumer(),
                json ? count -> encoder.frame(new BroadcastEvent.Dropped(count)) : null, metrics);
        tracked.attach(outbox);
        BroadcastSession session = new BroadcastSession(ids.next(), channel, json, json ? resume : null, outbox, connection, channels,
                new ConnectionRateLimit(settings.rate(), settings.burst(), nanoClock), settings.maxMessageBytes(), metrics, encoder);
        session.start();
        return session;
    }

    /** {@code switchboard.broadcast.maxMessageBytes}: longer texts are refused. */
    public int maxMessageBytes() {
        return settings.maxMessageBytes();
    }

    public BroadcastChannels channels() {
        return channels;
    }
}
