package dev.switchboard.broadcast;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

/**
 * This node's broadcast channels as sessions, the publish API and {@link Broadcaster} use them:
 * {@link Channels} on a node of its own, {@link ClusterChannels} when channels span every node that
 * shares a Redis. Endpoints do not know which one they use.
 */
public interface BroadcastChannels {

    /**
     * Adds a subscriber. A json one gets {@code subscribed} and, if {@code resume} names the channel's
     * current epoch, the retained messages after {@code resume.since()}; text ones get neither.
     */
    void subscribe(String channel, long id, Outbox outbox, boolean json, ResumePoint resume);

    void unsubscribe(String channel, long id);

    /** Relays {@code text}, measured once by the caller, to the channel. */
    PublishResult publish(String channel, long from, Frame text);
}
