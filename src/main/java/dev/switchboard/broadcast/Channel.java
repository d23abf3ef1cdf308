package dev.switchboard.broadcast;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.TokenBucket;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One channel on one node: its subscribers, its {@code seq}, and the rate limit shared by all its
 * publishers. A publish is numbered and offered to every subscriber under the channel's lock, so
 * {@code seq} order is delivery order. Under the lock frames are only queued; the socket writes
 * start after it is released, so concurrent publishers do not wait on each other's writes. Each
 * message is encoded at most twice, once per subprotocol, whatever the number of subscribers, and
 * its text is escaped for the envelope before the lock is taken ({@link EnvelopeText} says why).
 */
final class Channel {

    private record Subscriber(Outbox outbox, boolean json) {}

    private final String name;
    private final String quotedName;
    private final TokenBucket rate;
    private final LongSupplier clock;
    private static final Subscriber[] NONE = new Subscriber[0];

    private final Map<Long, Subscriber> subscribers = new HashMap<>();
    private Subscriber[] snapshot = NONE; // what a publish iterates: an array, rebuilt on (un)subscribe
    private volatile int jsonSubscribers; // written under the lock, read before it as a hint
    private long seq;

    Channel(String name, TokenBucket rate, LongSupplier clock) {
        this.name = name;
        this.quotedName = EnvelopeText.quote(name);
        this.rate = rate;
        this.clock = clock;
    }

    synchronized void subscribe(long id, Outbox outbox, boolean json) {
        if (subscribers.put(id, new Subscriber(outbox, json)) == null && json) {
            jsonSubscribers++;
        }
        snapshot = subscribers.values().toArray(NONE);
    }

    /** Answers true when the channel is left without subscribers. */
    synchronized boolean unsubscribe(long id) {
        Subscriber gone = subscribers.remove(id);
        if (gone != null && gone.json()) {
            jsonSubscribers--;
        }
        snapshot = subscribers.values().toArray(NONE);
        return subscribers.isEmpty();
    }

    PublishResult publish(long from, Frame plain) {
        Outbox[] idle;
        int idleCount = 0;
        PublishResult result;
        EnvelopeText text = jsonSubscribers == 0 ? null : EnvelopeText.of(plain.text()); // racy read: checked again below
        synchronized (this) {
            long wait = rate.tryTake();
            if (wait > 0) {
                return PublishResult.rateLimited(wait);
            }
            seq++;
            if (jsonSubscribers > 0 && text == null) {
                text = EnvelopeText.of(plain.text()); // a json subscriber arrived meanwhile
            }
            Frame envelope = jsonSubscribers == 0 ? null : text.frame(quotedName, seq, from, clock.getAsLong());
            Subscriber[] recipients = snapshot;
            idle = new Outbox[recipients.length];
            for (Subscriber subscriber : recipients) {
                if (subscriber.outbox().enqueue(subscriber.json() ? envelope : plain)) {
                    idle[idleCount++] = subscriber.outbox();
                }
            }
            result = PublishResult.published(seq, recipients.length);
        }
        for (int i = 0; i < idleCount; i++) {
            idle[i].flush();
        }
        return result;
    }
}
