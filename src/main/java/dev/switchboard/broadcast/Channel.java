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
 * {@code seq} order is delivery order; offers never block, so the lock is held briefly. Each
 * message is encoded at most twice, once per subprotocol, whatever the number of subscribers.
 */
final class Channel {

    private record Subscriber(Outbox outbox, boolean json) {}

    private final String name;
    private final TokenBucket rate;
    private final LongSupplier clock;
    private final Map<Long, Subscriber> subscribers = new HashMap<>();
    private int jsonSubscribers;
    private long seq;

    Channel(String name, TokenBucket rate, LongSupplier clock) {
        this.name = name;
        this.rate = rate;
        this.clock = clock;
    }

    synchronized void subscribe(long id, Outbox outbox, boolean json) {
        if (subscribers.put(id, new Subscriber(outbox, json)) == null && json) {
            jsonSubscribers++;
        }
    }

    /** Answers true when the channel is left without subscribers. */
    synchronized boolean unsubscribe(long id) {
        Subscriber gone = subscribers.remove(id);
        if (gone != null && gone.json()) {
            jsonSubscribers--;
        }
        return subscribers.isEmpty();
    }

    synchronized PublishResult publish(long from, String text) {
        long wait = rate.tryTake();
        if (wait > 0) {
            return PublishResult.rateLimited(wait);
        }
        seq++;
        Frame plain = Frame.of(text);
        Frame envelope = jsonSubscribers == 0 ? null
                : BroadcastEvent.frame(new BroadcastEvent.Envelope(name, seq, from, text, clock.getAsLong()));
        for (Subscriber subscriber : subscribers.values()) {
            subscriber.outbox().offer(subscriber.json() ? envelope : plain);
        }
        return PublishResult.published(seq, subscribers.size());
    }
}
