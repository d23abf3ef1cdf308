package dev.switchboard.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.FanOut;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.TokenBucket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's subscribers of one cluster-wide channel. Redis numbers every message
 * ({@code bc_publish.lua}: rate limit, seq, history and PUBLISH in one step); every node, the
 * publisher's included, delivers from the pub/sub stream in {@code seq} order, so all subscribers
 * everywhere see one order. A message ahead of the next expected seq waits while the gap is filled
 * from the channel's history; one already delivered is dropped.
 *
 * <p>A json subscriber's replay is read from Redis in one consistent view (position and history);
 * it then gets live messages from the seq after its {@code subscribed} on, none twice: messages this
 * node delivered just before it was added are handed to it from a short list of recent ones.
 *
 * <p>While the cluster is away the channel is numbered on this node alone under an epoch of its own
 * (a fresh random one: an (epoch, seq) pair never names two messages), and json subscribers are told
 * with a new {@code subscribed}; when the cluster is back they get {@code subscribed} with the
 * cluster's epoch and seq, so what they missed shows as a seq gap.
 */
final class ClusterChannel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MILLIS = 2_500;
    private static final int RECENT = 256;

    private static final class Subscriber {
        final Outbox outbox;
        final boolean json;
        long startSeq; // the first cluster seq it gets live

        Subscriber(Outbox outbox, boolean json, long startSeq) {
            this.outbox = outbox;
            this.json = json;
            this.startSeq = startSeq;
        }
    }

    private static final Subscriber[] NONE = new Subscriber[0];

    private record Delivered(BroadcastEvent.Envelope envelope, Frame plain, Frame json) {}

    private final String name;
    private final ClusterBus bus;
    private final Settings.Broadcast settings;
    private final LongSupplier clock;
    private final LongSupplier nanoClock;
    private final Supplier<String> epochs;
    private final long replayBudgetBytes;
    private final BroadcastEventEncoder encoder;

    private final Map<Long, Subscriber> subscribers = new LinkedHashMap<>();
    private final java.util.function.Consumer<String> listener = this::received;
    private final TreeMap<Long, JsonNode> waiting = new TreeMap<>();
    private final ArrayDeque<Delivered> recent = new ArrayDeque<>();
    private CompletableFuture<?> ready; // subscribed to pub/sub and occupied in Redis
    private boolean clustered;
    private String epoch; // the cluster epoch being followed
    private long cursor = -1; // the last cluster seq delivered; -1 while not known
    private boolean filling;
    private ChannelHistory local; // numbering on this node alone while the cluster is away
    private int joining; // subscribers on their way in: the channel is not empty while there are any

    ClusterChannel(String name, ClusterBus bus, Settings.Broadcast settings, LongSupplier clock, LongSupplier nanoClock,
                   Supplier<String> epochs, long replayBudgetBytes, BroadcastEventEncoder encoder) {
        this.encoder = encoder;
        this.name = name;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.epochs = epochs;
        this.replayBudgetBytes = replayBudgetBytes;
        if (bus.isUp()) {
            clustered = true;
            ready = bus.subscribe(channel(), listener)
                    .thenCompose(confirmed -> occupy(1))
                    .thenAccept(this::follow);
        } else {
            bus.subscribe(channel(), listener); // fails while Redis is away; the bus subscribes again
            ready = CompletableFuture.completedFuture(null);
            local = newLocalNumbering();
        }
    }

    String channel() {
        return "sb:bc:" + name;
    }

    private CompletableFuture<ChannelLog.Position> occupy(int count) {
        return bus.run(ClusterChannels.OCCUPY, List.of(name, bus.node(), Integer.toString(count), epochs.get()))
                .thenApply(result -> {
                    List<?> reply = (List<?>) result;
                    return new ChannelLog.Position(String.valueOf(reply.get(0)), ((Number) reply.get(1)).longValue());
                });
    }

    private void follow(ChannelLog.Position position) {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            if (clustered && cursor < 0) {
                epoch = position.epoch();
                cursor = position.seq();
                drain(fanOut);
            }
        }
        fanOut.flush();
    }

    // --- subscribers

    /** Called while the channel map holds this channel: a subscriber is on its way in. */
    synchronized void reserve() {
        joining++;
    }

    /** Adds a subscriber {@link #reserve reserved} before; may wait briefly for Redis (its replay). */
    void subscribe(long id, Outbox outbox, boolean json, ResumePoint resume) {
        ChannelLog.Replay replay = null;
        if (isClustered()) {
            try {
                ready.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                replay = json ? replayFromRedis(resume) : null;
            } catch (Exception e) {
                serveLocally(); // Redis is away or too slow: this node numbers the channel on its own
            }
        }
        synchronized (this) {
            try {
                if (clustered && cursor >= 0 && (replay == null || replay.position().epoch().equals(epoch))) {
                    long after = replay != null ? replay.position().seq() : cursor;
                    Subscriber subscriber = new Subscriber(outbox, json, after + 1);
                    if (json) {
                        outbox.enqueue(encoder.frame(new BroadcastEvent.Subscribed(name, after, epoch)));
                        queueReplay(outbox, replay);
                    }
                    for (Delivered delivered : recent) { // delivered here before this subscriber was added
                        if (delivered.envelope().seq() > after) {
                            outbox.enqueue(json ? delivered.json() : delivered.plain());
                        }
                    }
                    subscribers.put(id, subscriber);
                } else {
                    if (local == null) {
                        local = newLocalNumbering();
                    }
                    if (json) {
                        ChannelLog.Replay mine = resume == null ? ChannelLog.Replay.none(local.position())
                                : local.after(resume.epoch(), resume.since());
                        outbox.enqueue(encoder.frame(new BroadcastEvent.Subscribed(name, mine.position().seq(),
                                mine.position().epoch())));
                        queueReplay(outbox, mine);
                    }
                    subscribers.put(id, new Subscriber(outbox, json, 0));
                }
            } finally {
                joining--;
            }
        }
        outbox.flush();
        bus.run(ClusterChannels.COUNT, List.of(name, bus.node(), Integer.toString(size())));
    }

    private ChannelLog.Replay replayFromRedis(ResumePoint resume) throws Exception {
        List<?> reply = (List<?>) bus.run(ClusterChannels.REPLAY, List.of(name,
                        resume == null ? "" : resume.epoch(), Long.toString(resume == null ? 0 : resume.since())))
                .get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        List<BroadcastEvent.Envelope> envelopes = new ArrayList<>();
        for (Object stored : (List<?>) reply.get(3)) {
            JsonNode envelope = parse(String.valueOf(stored));
            if (envelope != null) {
                envelopes.add(envelope(envelope));
            }
        }
        return new ChannelLog.Replay(new ChannelLog.Position(String.valueOf(reply.get(0)), ((Number) reply.get(1)).longValue()),
                ((Number) reply.get(2)).longValue(), envelopes);
    }

    /** As on one node ({@link Channel#queueReplay}): the newest envelopes that fit the budget. */
    private void queueReplay(Outbox outbox, ChannelLog.Replay replay) {
        if (replay != null) {
            Channel.queueReplay(outbox, replay, replayBudgetBytes, encoder);
        }
    }

    /** Answers true when this node has no subscriber left on the channel. */
    boolean unsubscribe(long id) {
        boolean empty;
        synchronized (this) {
            subscribers.remove(id);
            empty = subscribers.isEmpty() && joining == 0;
        }
        if (!empty) {
            bus.run(ClusterChannels.COUNT, List.of(name, bus.node(), Integer.toString(size())));
        }
        return empty;
    }

    /** The last subscriber left: Redis keeps the channel for the retain window, unless other nodes have subscribers. */
    void close() {
        bus.unsubscribe(channel(), listener);
        bus.run(ClusterChannels.VACATE, List.of(name, bus.node(), Integer.toString(settings.retainSeconds())));
    }

    synchronized int size() {
        return subscribers.size();
    }

    private synchronized boolean isClustered() {
        return clustered;
    }

    // --- publishing

    PublishResult publish(long from, Frame text) {
        if (isClustered()) {
            try {
                return ClusterChannels.publishThroughRedis(bus, settings, name, from, text.text(), clock.getAsLong());
            } catch (Exception e) {
                serveLocally();
            }
        }
        FanOut fanOut = new FanOut();
        PublishResult result;
        synchronized (this) {
            if (clustered) {
                result = null; // the cluster came back meanwhile
            } else {
                ChannelLog.Appended appended = local.append(from, text.text(), clock.getAsLong());
                if (appended.isRateLimited()) {
                    return PublishResult.rateLimited(appended.retryAfterMillis());
                }
                Frame envelope = encoder.frame(appended.envelope());
                for (Subscriber subscriber : subscribers.values().toArray(NONE)) {
                    fanOut.enqueue(subscriber.outbox, subscriber.json ? envelope : text);
                }
                result = PublishResult.published(appended.envelope().seq(), subscribers.size());
            }
        }
        if (result == null) {
            return publish(from, text);
        }
        fanOut.flush();
        return result;
    }

    // --- the cluster's messages, in seq order

    private void received(String payload) {
        JsonNode message = parse(payload);
        if (message == null) {
            return;
        }
        if (!bus.node().equals(message.path("node").asText())) {
            bus.countCrossNode(true);
        }
        FanOut fanOut = new FanOut();
        synchronized (this) {
            if (!clustered) {
                return;
            }
            long seq = message.path("seq").asLong();
            if (cursor < 0) {
                waiting.put(seq, message);
                return;
            }
            if (!message.path("epoch").asText().equals(epoch) || seq <= cursor) {
                return;
            }
            waiting.put(seq, message);
            drain(fanOut);
        }
        fanOut.flush();
    }

    private void drain(FanOut fanOut) {
        while (!waiting.isEmpty()) {
            long first = waiting.firstKey();
            JsonNode next = waiting.get(first);
            if (first <= cursor || !next.path("epoch").asText().equals(epoch)) {
                waiting.pollFirstEntry();
            } else if (first == cursor + 1) {
                deliver(waiting.pollFirstEntry().getValue(), fanOut);
            } else {
                fillGap();
                return;
            }
        }
    }

    private void fillGap() {
        if (filling) {
            return;
        }
        filling = true;
        bus.run(ClusterChannels.HISTORY, List.of(name)).whenComplete((result, error) -> {
            FanOut fanOut = new FanOut();
            synchronized (this) {
                filling = false;
                if (error == null && clustered && String.valueOf(((List<?>) result).get(0)).equals(epoch)) {
                    for (Object stored : (List<?>) ((List<?>) result).get(1)) {
                        JsonNode envelope = parse(String.valueOf(stored));
                        if (envelope != null && envelope.path("seq").asLong() > cursor) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) envelope).put("epoch", epoch);
                            waiting.putIfAbsent(envelope.path("seq").asLong(), envelope);
                        }
                    }
                }
                if (!waiting.isEmpty() && waiting.firstKey() > cursor + 1) {
                    cursor = waiting.firstKey() - 1; // no longer retained: json subscribers see the seq gap
                }
                drain(fanOut);
            }
            fanOut.flush();
        });
    }

    private void deliver(JsonNode message, FanOut fanOut) {
        BroadcastEvent.Envelope envelope = envelope(message);
        cursor = envelope.seq();
        Frame plain = Frame.of(envelope.text());
        Frame json = encoder.frame(envelope);
        for (Subscriber subscriber : subscribers.values().toArray(NONE)) {
            if (envelope.seq() >= subscriber.startSeq) {
                fanOut.enqueue(subscriber.outbox, subscriber.json ? json : plain);
            }
        }
        recent.addLast(new Delivered(envelope, plain, json));
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    private BroadcastEvent.Envelope envelope(JsonNode stored) {
        return new BroadcastEvent.Envelope(name, stored.path("seq").asLong(), stored.path("from").asLong(),
                stored.path("text").asText(), stored.path("date").asLong());
    }

    // --- the cluster goes away and comes back

    /** From now on this node numbers the channel alone, under a new epoch of its own. */
    void serveLocally() {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            if (!clustered) {
                return;
            }
            clustered = false;
            cursor = -1;
            waiting.clear();
            recent.clear();
            local = newLocalNumbering();
            tellSubscribed(local.position(), fanOut);
        }
        fanOut.flush();
    }

    /** Occupies the channel in Redis again and follows the cluster's numbering from where it stands. */
    CompletableFuture<?> resync() {
        int count;
        synchronized (this) {
            clustered = true;
            cursor = -1;
            waiting.clear();
            recent.clear();
            count = subscribers.size();
        }
        return occupy(Math.max(count, 1)).thenAccept(position -> {
            FanOut fanOut = new FanOut();
            synchronized (this) {
                local = null;
                epoch = position.epoch();
                cursor = position.seq();
                for (Subscriber subscriber : subscribers.values()) {
                    subscriber.startSeq = position.seq() + 1;
                }
                tellSubscribed(position, fanOut);
                drain(fanOut);
            }
            fanOut.flush();
        });
    }

    private void tellSubscribed(ChannelLog.Position position, FanOut fanOut) {
        Frame subscribed = encoder.frame(new BroadcastEvent.Subscribed(name, position.seq(), position.epoch()));
        for (Subscriber subscriber : subscribers.values().toArray(NONE)) {
            if (subscriber.json) {
                fanOut.enqueue(subscriber.outbox, subscribed);
            }
        }
    }

    private ChannelHistory newLocalNumbering() {
        return new ChannelHistory(name, epochs.get(), settings.history(), replayBudgetBytes,
                new TokenBucket(settings.channelRate(), settings.channelBurst(), nanoClock));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
