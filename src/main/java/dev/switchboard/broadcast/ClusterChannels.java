package dev.switchboard.broadcast;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.LuaScript;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Channels that span every node sharing one Redis (docs/protocol.md §5 and §7): {@code seq}, epoch,
 * history, resume and the per-channel rate limit are Redis's, one {@link ClusterChannel} per channel
 * holds this node's subscribers. A publish from a node without subscribers on the channel (the
 * publish API, {@link Broadcaster}) goes to Redis alone and reaches every other node's subscribers.
 *
 * <p>A publish waits for Redis's answer (its seq, or a refusal by the channel's limit), at most
 * ~2 s; a Redis that does not answer makes the channel go on with this node's subscribers under a
 * node-local epoch until the cluster is back.
 */
public final class ClusterChannels implements BroadcastChannels, ClusterBus.Listener {

    static final LuaScript OCCUPY = LuaScript.load("bc_occupy", "bc_lib");
    static final LuaScript COUNT = LuaScript.load("bc_count", "bc_lib");
    static final LuaScript VACATE = LuaScript.load("bc_vacate", "bc_lib");
    static final LuaScript REPLAY = LuaScript.load("bc_replay", "bc_lib");
    static final LuaScript PUBLISH = LuaScript.load("bc_publish", "bc_lib");
    static final LuaScript HISTORY = LuaScript.load("bc_history", "bc_lib");
    private static final LuaScript REAP = LuaScript.load("bc_reap", "bc_lib");
    private static final LuaScript NODE_CHANNELS = LuaScript.load("node_rooms");

    private final ConcurrentHashMap<String, ClusterChannel> channels = new ConcurrentHashMap<>();
    private final ClusterBus bus;
    private final Settings.Broadcast settings;
    private final LongSupplier clock;
    private final LongSupplier nanoClock;
    private final Supplier<String> epochs;
    private final long replayBudgetBytes;
    private final BroadcastEventEncoder encoder;

    public ClusterChannels(ClusterBus bus, Settings.Broadcast settings, LongSupplier clock, LongSupplier nanoClock,
                           Supplier<String> epochs, long replayBudgetBytes, BroadcastEventEncoder encoder) {
        this.encoder = encoder;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.epochs = epochs;
        this.replayBudgetBytes = replayBudgetBytes;
        bus.addListener(this);
    }

    @Override
    public void subscribe(String channel, long id, Outbox outbox, boolean json, ResumePoint resume) {
        ClusterChannel[] target = {null};
        // a placeholder subscription keeps a concurrent last leave from removing the channel meanwhile
        channels.compute(channel, (name, existing) -> {
            target[0] = existing != null ? existing
                    : new ClusterChannel(name, bus, settings, clock, nanoClock, epochs, replayBudgetBytes, encoder);
            target[0].reserve();
            return target[0];
        });
        target[0].subscribe(id, outbox, json, resume);
    }

    @Override
    public void unsubscribe(String channel, long id) {
        channels.computeIfPresent(channel, (name, existing) -> {
            if (!existing.unsubscribe(id)) {
                return existing;
            }
            existing.close();
            return null;
        });
    }

    @Override
    public PublishResult publish(String channel, long from, Frame text) {
        ClusterChannel target = channels.get(channel);
        if (target != null) {
            return target.publish(from, text);
        }
        try {
            return publishThroughRedis(bus, settings, channel, from, text.text(), clock.getAsLong());
        } catch (Exception e) {
            return PublishResult.published(0, 0); // Redis is away and nobody here listens: it reaches no one
        }
    }

    /** Numbers, keeps and publishes {@code text} in one Lua step; throws when Redis does not answer. */
    static PublishResult publishThroughRedis(ClusterBus bus, Settings.Broadcast settings, String channel, long from,
                                             String text, long date) throws Exception {
        List<?> reply = (List<?>) bus.run(PUBLISH, List.of(channel, Long.toString(from), text, Long.toString(date),
                        Integer.toString(settings.channelRate()), Integer.toString(settings.channelBurst()),
                        Integer.toString(settings.history()), bus.node()))
                .get(2_500, TimeUnit.MILLISECONDS);
        long retry = ((Number) reply.get(2)).longValue();
        if (retry > 0) {
            return PublishResult.rateLimited(retry);
        }
        long seq = ((Number) reply.get(0)).longValue();
        if (seq > 0) {
            bus.countCrossNode(false);
        }
        return PublishResult.published(seq, (int) ((Number) reply.get(1)).longValue());
    }

    // --- ClusterBus.Listener

    @Override
    public void down() {
        channels.values().forEach(ClusterChannel::serveLocally);
    }

    @Override
    public CompletableFuture<?> up() {
        return bus.run(NODE_CHANNELS, List.of(bus.node(), "channels")).thenCompose(listed -> {
            Set<String> names = new HashSet<>(channels.keySet());
            for (Object channel : (List<?>) listed) {
                names.add(String.valueOf(channel));
            }
            List<CompletableFuture<?>> resyncs = new ArrayList<>();
            for (String name : names) {
                ClusterChannel channel = channels.get(name);
                resyncs.add(channel != null ? channel.resync()
                        : bus.run(VACATE, List.of(name, bus.node(), Integer.toString(settings.retainSeconds()))));
            }
            return CompletableFuture.allOf(resyncs.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public CompletableFuture<?> reap(String node) {
        return bus.run(REAP, List.of(node, Integer.toString(settings.retainSeconds())));
    }
}
