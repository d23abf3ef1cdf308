package dev.switchboard.cluster.redis;

import dev.switchboard.cluster.Cluster;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.cluster.LuaScript;
import dev.switchboard.config.Settings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A node in a cluster that shares one Redis (Lettuce): one command connection and one pub/sub
 * connection. Lettuce's defaults would queue commands without limit while disconnected
 * (lettuce#466) and wait a minute for a reply; here the queue is bounded, commands are refused at
 * once while disconnected, and every command times out after {@link #COMMAND_TIMEOUT}, so that
 * a Redis outage costs local delivery nothing.
 *
 * <p>Once a second, on its own thread, the node beats into {@code sb:nodes}, publishes a probe on
 * its own channel and checks that the probe came back: {@code UP} means the subscription really
 * works, not merely that a socket is open (socket.io#4845). When the cluster becomes usable again
 * — after an outage, a lost pub/sub connection, or a Redis that came back empty — every listener
 * re-asserts this node's members and catches up before the node reports {@code UP}. Every other
 * second it reaps nodes silent for {@link #REAP_AFTER_MILLIS}.
 */
public final class RedisCluster implements Cluster, ClusterBus {

    private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Commands waiting for a reply at most; past it Lettuce refuses new ones. */
    static final int REQUEST_QUEUE_SIZE = 10_000;
    static final long REAP_AFTER_MILLIS = 10_000;
    /** The probe must have come back this recently for the node to count as {@code UP}. */
    static final long PROBE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(3_500);
    /** Ids other nodes may reserve between two of this node's beats, at most: the jump after an empty Redis. */
    static final long ID_MARGIN = 10_000_000;

    private static final LuaScript BEAT = LuaScript.withoutPrelude("beat");
    private static final LuaScript SILENT_NODES = LuaScript.load("silent_nodes");
    private static final LuaScript FORGET_NODE = LuaScript.load("forget_node");

    private final String node = "n-" + UUID.randomUUID().toString().substring(0, 13);
    private final String probeChannel = "sb:probe:" + node;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService ticker;
    private final ExecutorService delivery;
    private final Map<String, Consumer<String>> subscriptions = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final RedisConnectionIds ids;
    private final LongAdder crossIn;
    private final LongAdder crossOut;

    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean up;
    private volatile boolean broken = true; // a listener must re-assert before the node is UP
    private volatile String incarnation = "";
    private volatile long probeSeenNanos;
    private long ticks;

    private RedisCluster(URI url, LongAdder crossIn, LongAdder crossOut) {
        // Lettuce logs through Netty, which would pick the bundled SLF4J API and, with no binding, drop
        // every message: route it to java.util.logging, which both containers' logs collect.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        this.crossIn = crossIn;
        this.crossOut = crossOut;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2).computationThreadPoolSize(2)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                // back within the contract's 10 s: Lettuce's default backs off to 30 s
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(url.toString());
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                // whatever was published meanwhile is missed: catch up before counting as UP again
                broken = true;
                tickSoon();
            }
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-redis");
            thread.setDaemon(true);
            return thread;
        });
        // Fan-out to this node's members runs here, in arrival order, not on Lettuce's I/O thread:
        // a busy node must go on reading pub/sub (the probe included), or Redis would see a slow
        // subscriber and the node would take its own backlog for a lost subscription.
        this.delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-cluster-delivery");
            thread.setDaemon(true);
            return thread;
        });
        this.ids = new RedisConnectionIds(this);
    }

    /** Starts connecting and beating; a Redis that is not there yet is retried every second. */
    public static RedisCluster start(Settings settings, LongAdder crossIn, LongAdder crossOut) {
        URI url = settings.redisUrl().orElseThrow();
        RedisCluster cluster = new RedisCluster(url, crossIn, crossOut);
        LOG.log(System.Logger.Level.INFO, "Switchboard node {0} joining the cluster at {1}",
                cluster.node, Settings.describe(url));
        cluster.ticker.scheduleWithFixedDelay(cluster::tick, 0, 1, TimeUnit.SECONDS);
        return cluster;
    }

    // --- Cluster

    @Override
    public ConnectionIds ids() {
        return ids;
    }

    @Override
    public Optional<ClusterBus> bus() {
        return Optional.of(this);
    }

    @Override
    public String redisState() {
        return up ? "UP" : "DOWN";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        delivery.shutdownNow();
        up = false;
        if (commands != null && commands.isOpen()) {
            try {
                // leave every room and channel at once rather than wait to be reaped
                CompletableFuture.allOf(listeners.stream().map(listener -> listener.reap(node))
                        .toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
                run(FORGET_NODE, List.of(node)).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Redis is away: the other nodes reap this one
            }
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    // --- ClusterBus

    @Override
    public String node() {
        return node;
    }

    @Override
    public CompletableFuture<Object> run(LuaScript script, List<String> args) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        String[] values = new String[args.size() + 1];
        values[0] = incarnation;
        for (int i = 0; i < args.size(); i++) {
            values[i + 1] = args.get(i);
        }
        String sha = shas.computeIfAbsent(script.body(), RedisCluster::sha1);
        CompletableFuture<Object> result = new CompletableFuture<>();
        connection.async().<Object>evalsha(sha, ScriptOutputType.OBJECT, new String[0], values)
                .whenComplete((value, error) -> {
                    if (error == null) {
                        result.complete(value);
                    } else if (error instanceof RedisNoScriptException) {
                        // a restarted Redis has lost its script cache
                        connection.async().<Object>eval(script.body(), ScriptOutputType.OBJECT, new String[0], values)
                                .whenComplete((again, failure) -> settle(result, again, failure));
                    } else {
                        settle(result, null, error);
                    }
                });
        return result;
    }

    private void settle(CompletableFuture<Object> result, Object value, Throwable error) {
        if (error == null) {
            result.complete(value);
            return;
        }
        // Redis was emptied (STALE incarnation), or a step was served on this node alone because Redis
        // did not answer in time: either way this node re-asserts its state, which also settles names
        // claimed meanwhile (the later claim is renamed)
        if (up) {
            LOG.log(System.Logger.Level.WARNING, "A Redis script failed ({0}): re-asserting this node''s state", error.getMessage());
        }
        broken = true;
        tickSoon();
        result.completeExceptionally(error);
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel, Consumer<String> listener) {
        synchronized (subscriptions) { // SUBSCRIBE and UNSUBSCRIBE of one channel leave in the order they were made
            subscriptions.put(channel, listener);
            StatefulRedisPubSubConnection<String, String> connection = pubsub;
            if (connection == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
            }
            return connection.async().subscribe(channel).toCompletableFuture().thenApply(done -> null);
        }
    }

    @Override
    public void unsubscribe(String channel, Consumer<String> listener) {
        synchronized (subscriptions) {
            StatefulRedisPubSubConnection<String, String> connection = pubsub;
            if (subscriptions.remove(channel, listener) && connection != null && connection.isOpen()) {
                connection.async().unsubscribe(channel);
            }
        }
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void countCrossNode(boolean in) {
        (in ? crossIn : crossOut).increment();
    }

    // --- the tick: connect, beat, probe, re-assert, reap

    private void tickSoon() {
        try {
            ticker.execute(this::tick);
        } catch (RejectedExecutionException closing) {
            // undeployed meanwhile
        }
    }

    private void tick() {
        try {
            tickOnce();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis cluster tick failed", e);
        }
    }

    private synchronized void tickOnce() {
        if (!connected()) {
            markDown("cannot connect");
            return;
        }
        List<Object> beat;
        try {
            beat = beat();
        } catch (RuntimeException e) {
            markDown("heartbeat failed: " + e.getMessage());
            return;
        }
        String current = String.valueOf(beat.get(0));
        ids.seen(((Number) beat.get(1)).longValue());
        boolean fresh = ((Number) beat.get(2)).longValue() == 1;
        if (!current.equals(incarnation) || fresh) {
            // an empty Redis, our first beat, or we were reaped while away: everything is re-asserted
            incarnation = current;
            broken = true;
        }
        pubsub.async().publish(probeChannel, Long.toString(System.nanoTime()));
        boolean probed = System.nanoTime() - probeSeenNanos < PROBE_WINDOW_NANOS;
        if (!probed) {
            // the subscription is gone although the socket may look fine: subscribe again, catch up after
            broken = true;
            markDown("no pub/sub round trip");
            resubscribe();
            return;
        }
        if (broken) {
            markDown(null);
            if (reassert()) {
                broken = false;
                up = true;
                LOG.log(System.Logger.Level.INFO, "Redis cluster UP (node {0}, incarnation {1})", node, incarnation);
            }
        }
        if (up && ++ticks % 2 == 0) {
            reapSilentNodes();
        }
    }

    private boolean connected() {
        try {
            if (commands == null) {
                commands = client.connect();
            }
            if (pubsub == null) {
                StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        deliver(channel, message);
                    }
                });
                pubsub = connection;
                resubscribe();
            }
            return commands.isOpen() && pubsub.isOpen();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void deliver(String channel, String message) {
        if (channel.equals(probeChannel)) {
            probeSeenNanos = System.nanoTime();
            return;
        }
        Consumer<String> listener = subscriptions.get(channel);
        if (listener != null) {
            try {
                delivery.execute(() -> {
                    try {
                        listener.accept(message);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Cluster message on " + channel + " failed", e);
                    }
                });
            } catch (RejectedExecutionException closing) {
                // undeployed meanwhile
            }
        }
    }

    private void resubscribe() {
        List<String> channels = new ArrayList<>(subscriptions.keySet());
        channels.add(probeChannel);
        pubsub.async().subscribe(channels.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private List<Object> beat() {
        String proposed = UUID.randomUUID().toString();
        String[] args = {node, proposed, Long.toString(ids.highestSeen()), Long.toString(ID_MARGIN)};
        return (List<Object>) commands.sync().eval(BEAT.body(), ScriptOutputType.OBJECT, new String[0], args);
    }

    private void markDown(String why) {
        if (up) {
            up = false;
            LOG.log(System.Logger.Level.WARNING, "Redis cluster DOWN" + (why == null ? "" : ": " + why));
            for (Listener listener : listeners) {
                listener.down();
            }
        }
        if (why != null) {
            broken = true;
        }
    }

    /** Every listener re-asserts this node's state; false when one of them could not. */
    private boolean reassert() {
        for (Listener listener : listeners) {
            listener.down(); // serve locally until re-asserted: events in between are caught up after
        }
        try {
            // channels whose SUBSCRIBE was refused while Redis was away are not known to Lettuce
            List<String> channels = new ArrayList<>(subscriptions.keySet());
            channels.add(probeChannel);
            pubsub.async().subscribe(channels.toArray(String[]::new)).get(3, TimeUnit.SECONDS);
            ids.refill();
            CompletableFuture.allOf(listeners.stream().map(Listener::up).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Re-asserting this node's state in Redis failed; retrying", e);
            return false;
        }
    }

    private void reapSilentNodes() {
        try {
            Object silent = run(SILENT_NODES, List.of(Long.toString(REAP_AFTER_MILLIS))).get(3, TimeUnit.SECONDS);
            for (Object dead : (List<?>) silent) {
                String deadNode = String.valueOf(dead);
                if (deadNode.equals(node)) {
                    continue;
                }
                LOG.log(System.Logger.Level.WARNING, "Reaping node {0}: silent for {1} ms", deadNode, REAP_AFTER_MILLIS);
                CompletableFuture.allOf(listeners.stream().map(listener -> listener.reap(deadNode))
                        .toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
                run(FORGET_NODE, List.of(deadNode)).get(3, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Reaping silent nodes failed; retrying", e);
        }
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
