package dev.switchboard.broadcast;

import dev.switchboard.delivery.FanOut;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.HashMap;
import java.util.Map;

/**
 * One channel's subscribers on this node. A publish is numbered by the {@link ChannelLog} and offered
 * to every subscriber under the channel's lock, so {@code seq} order is delivery order. A new json
 * subscriber gets {@code subscribed} and its replay under the same lock, in the same step that adds it
 * to the subscribers: every message numbered before that step is in its replay (or counted as
 * dropped), every one numbered after reaches it live, none twice.
 *
 * <p>Under the lock frames are only queued; the socket writes start after it is released
 * ({@link FanOut}), so concurrent publishers do not wait on each other's writes. A live message is encoded at most twice,
 * once per subprotocol, whatever the number of subscribers, and its text is escaped for the envelope
 * before the lock is taken ({@link EnvelopeText} says why).
 */
final class Channel {

    private record Subscriber(Outbox outbox, boolean json) {}

    private static final Subscriber[] NONE = new Subscriber[0];

    private final String name;
    private final String quotedName;
    private final ChannelLog log;
    private final long replayBudgetBytes;
    private final BroadcastEventEncoder encoder;

    private final Map<Long, Subscriber> subscribers = new HashMap<>();
    private Subscriber[] snapshot = NONE; // what a publish iterates: an array, rebuilt on (un)subscribe
    private volatile int jsonSubscribers; // written under the lock, read before it as a hint
    private boolean retired; // emptied and removed from Channels: publishes must look the channel up again

    /**
     * @param replayBudgetBytes the most a replay may queue for one client: a replay must not make its
     *                          own client a slow consumer (or push its {@code subscribed} frame out)
     */
    Channel(String name, ChannelLog log, long replayBudgetBytes, BroadcastEventEncoder encoder) {
        this.name = name;
        this.encoder = encoder;
        this.quotedName = EnvelopeText.quote(name);
        this.log = log;
        this.replayBudgetBytes = replayBudgetBytes;
    }

    /** Adds a subscriber; json ones get {@code subscribed}, then their replay. The caller flushes the outbox. */
    synchronized void subscribe(long id, Outbox outbox, boolean json, ResumePoint resume) {
        if (json) {
            ChannelLog.Replay replay = log.replay(name, resume);
            ChannelLog.Position position = replay.position();
            outbox.enqueue(encoder.frame(new BroadcastEvent.Subscribed(name, position.seq(), position.epoch())));
            queueReplay(outbox, replay, replayBudgetBytes, encoder);
        }
        if (subscribers.put(id, new Subscriber(outbox, json)) == null && json) {
            jsonSubscribers++;
        }
        snapshot = subscribers.values().toArray(NONE);
    }

    /**
     * Queues the newest replayed envelopes that fit the budget; older ones count as dropped, so the
     * client's {@code dropped} count and seq gaps still add up. Shared with {@link ClusterChannel}.
     */
    static void queueReplay(Outbox outbox, ChannelLog.Replay replay, long replayBudgetBytes,
                            BroadcastEventEncoder encoder) {
        int count = replay.envelopes().size();
        Frame[] frames = new Frame[count];
        long bytes = 0;
        int first = count;
        while (first > 0) {
            Frame frame = encoder.frame(replay.envelopes().get(first - 1).asReplay());
            if (bytes + frame.bytes() > replayBudgetBytes) {
                break;
            }
            bytes += frame.bytes();
            frames[--first] = frame;
        }
        long dropped = replay.dropped() + first;
        if (dropped > 0) {
            outbox.enqueue(encoder.frame(new BroadcastEvent.Dropped(dropped)));
        }
        for (int i = first; i < count; i++) {
            outbox.enqueue(frames[i]);
        }
    }

    /** Answers true when the channel is left without subscribers; it is then retired. */
    synchronized boolean unsubscribe(long id) {
        Subscriber gone = subscribers.remove(id);
        if (gone != null && gone.json()) {
            jsonSubscribers--;
        }
        snapshot = subscribers.values().toArray(NONE);
        retired = subscribers.isEmpty();
        return retired;
    }

    /** The result, or null when this channel was retired meanwhile and the publish must be retried. */
    PublishResult publish(long from, Frame plain) {
        FanOut fanOut = new FanOut();
        PublishResult result;
        EnvelopeText text = jsonSubscribers == 0 ? null : EnvelopeText.of(plain.text()); // racy read: checked again below
        synchronized (this) {
            if (retired) {
                return null;
            }
            ChannelLog.Appended appended = log.append(name, from, plain.text());
            if (appended.isRateLimited()) {
                return PublishResult.rateLimited(appended.retryAfterMillis());
            }
            if (!appended.isNumbered()) {
                return PublishResult.published(0, 0);
            }
            if (jsonSubscribers > 0 && text == null) {
                text = EnvelopeText.of(plain.text()); // a json subscriber arrived meanwhile
            }
            BroadcastEvent.Envelope numbered = appended.envelope();
            Frame envelope = jsonSubscribers == 0 ? null
                    : encoder.envelope(text, quotedName, numbered.seq(), numbered.from(), numbered.date());
            Subscriber[] recipients = snapshot;
            for (Subscriber subscriber : recipients) {
                fanOut.enqueue(subscriber.outbox(), subscriber.json() ? envelope : plain);
            }
            result = PublishResult.published(appended.envelope().seq(), recipients.length);
        }
        fanOut.flush();
        return result;
    }
}
