package dev.switchboard.wiring;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import dev.switchboard.broadcast.BroadcastChannels;
import dev.switchboard.broadcast.BroadcastEventEncoder;
import dev.switchboard.broadcast.BroadcastService;
import dev.switchboard.broadcast.Channels;
import dev.switchboard.broadcast.ClusterChannels;
import dev.switchboard.broadcast.LocalChannelLog;
import dev.switchboard.chat.ChatEventEncoder;
import dev.switchboard.chat.ChatRooms;
import dev.switchboard.chat.ChatService;
import dev.switchboard.chat.LocalChatRooms;
import dev.switchboard.chat.RedisChatRooms;
import dev.switchboard.cluster.Cluster;
import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.cluster.LocalCluster;
import dev.switchboard.cluster.redis.RedisCluster;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.OutboxFactory;
import dev.switchboard.handshake.OriginPolicy;
import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.metrics.Metrics;
import dev.switchboard.session.ConnectionTracker;
import dev.switchboard.session.Heartbeat;
import dev.switchboard.session.SessionCloser;
import dev.switchboard.session.SessionFailures;
import dev.switchboard.session.SessionServices;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This deployment's shared services, built once from the settings when the WAR starts and handed
 * down from here: to endpoint instances by {@link SwitchboardConfigurator}, to servlets through the
 * servlet context.
 */
public final class SwitchboardNode {

    private static final System.Logger LOG = System.getLogger(SwitchboardNode.class.getName());

    /** How long undeploy waits in all for the 1001 closes, then for this node's threads to end. */
    static final long SHUTDOWN_CLOSE_MILLIS = 5_000;
    static final long SHUTDOWN_JOIN_MILLIS = 3_000;
    /** Closer threads: enough for many stalled closes at once (each bounded by the send timeout), never one per session. */
    static final int CLOSER_THREADS = 32;

    private final Settings settings;
    private final OriginPolicy originPolicy;
    private final Metrics metrics;
    private final ConnectionTracker connections;
    private final NodeThreads threads = new NodeThreads();
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor closerThreads;
    private final SessionServices sessions;
    private final OutboxFactory outboxes;
    private final ExecutorService pinger;
    private final Cluster cluster;
    private final ChatService chat;
    private final BroadcastService broadcast;
    private volatile boolean shuttingDown;

    public SwitchboardNode(Settings settings, String version) {
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings);
        this.metrics = new Metrics(version, PackageVersion.VERSION.toString());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads.named("switchboard-timer"));
        // closes can block on a stalled socket (a container waits to send the close frame): they get
        // their own threads, which end when idle so that a quiet node holds none
        this.closerThreads = new ThreadPoolExecutor(CLOSER_THREADS, CLOSER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads.named("switchboard-closer"));
        closerThreads.allowCoreThreadTimeOut(true);
        SessionCloser closer = new SessionCloser(closerThreads);
        this.connections = new ConnectionTracker(settings.maxConnections(), metrics, closer);
        this.sessions = new SessionServices(connections, new SessionFailures(closer));
        this.outboxes = new OutboxFactory(scheduler);
        this.pinger = Executors.newFixedThreadPool(2, threads.named("switchboard-pinger"));
        this.cluster = settings.redisUrl().isPresent() ? redisCluster(settings, metrics) : new LocalCluster();
        metrics.redisUp(() -> "UP".equals(cluster.redisState()));
        ConnectionIds ids = cluster.ids();
        ChatEventEncoder chatEvents = new ChatEventEncoder(); // one per node: every chat event is encoded once
        ChatRooms rooms = cluster.bus()
                .<ChatRooms>map(bus -> new RedisChatRooms(bus, settings.chat().history(), System::currentTimeMillis,
                        chatEvents))
                .orElseGet(() -> new LocalChatRooms(settings.chat().history(), System::currentTimeMillis, chatEvents));
        this.chat = new ChatService(settings, rooms, ids, outboxes, metrics.endpoint(EndpointKind.CHAT),
                System::currentTimeMillis, System::nanoTime, chatEvents);
        LocalChannelLog channelLog = new LocalChannelLog(settings.broadcast(), System::currentTimeMillis, System::nanoTime,
                LocalChannelLog.randomEpochs());
        long replayBudget = settings.broadcast().replayBytes();
        BroadcastEventEncoder broadcastEvents = new BroadcastEventEncoder();
        BroadcastChannels channels = cluster.bus()
                .<BroadcastChannels>map(bus -> new ClusterChannels(bus, settings.broadcast(), System::currentTimeMillis,
                        System::nanoTime, LocalChannelLog.randomEpochs(), replayBudget, broadcastEvents))
                .orElseGet(() -> new Channels(channelLog, replayBudget, broadcastEvents));
        this.broadcast = new BroadcastService(settings.broadcast(), channels,
                ids, outboxes, metrics.endpoint(EndpointKind.BROADCAST), System::nanoTime, broadcastEvents);
        everySecond("forgetting expired channels", channelLog::forgetExpired);
        everySecond("the heartbeat", new Heartbeat(connections, settings.heartbeatSeconds(),
                settings.idleTimeoutSeconds(), pinger));
    }

    /** A periodic task that throws is never run again: a failure is logged and the next run still comes. */
    private void everySecond(String what, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Switchboard: " + what + " failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Kept apart so that the Redis client's classes load only when {@code switchboard.redis.url} is set. */
    private static Cluster redisCluster(Settings settings, Metrics metrics) {
        return RedisCluster.start(settings, metrics.crossNodeIn(), metrics.crossNodeOut());
    }

    public Settings settings() {
        return settings;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    public Metrics metrics() {
        return metrics;
    }

    public ConnectionTracker connections() {
        return connections;
    }

    public Cluster cluster() {
        return cluster;
    }

    public ChatService chat() {
        return chat;
    }

    public BroadcastService broadcast() {
        return broadcast;
    }

    /** What every endpoint instance needs: the tracker, the failure handling, the closer. */
    public SessionServices sessions() {
        return sessions;
    }

    /** Outboxes on this node's timer thread. */
    public OutboxFactory outboxes() {
        return outboxes;
    }

    /** Threads this node has started that are still running: none once {@link #shutdown()} returns. */
    public int liveThreads() {
        return threads.alive();
    }

    /** For short timed work (close delays); tasks must not block. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * Tells every client 1001 (in parallel, however many are stalled, within
     * {@link #SHUTDOWN_CLOSE_MILLIS}), then stops this node's threads and joins them, so that none
     * outlives the deployment. Safe to call more than once.
     */
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        scheduler.shutdownNow(); // no more heartbeats, goodbyes or slow-consumer fallbacks
        pinger.shutdownNow();
        connections.closeAllAndStop(SHUTDOWN_CLOSE_MILLIS);
        cluster.close(); // leaves every room and channel in Redis, then stops its connections and threads
        threads.interruptAndJoin(SHUTDOWN_JOIN_MILLIS);
        NodeThreads.awaitContainerThreadsLeave(SwitchboardNode.class.getClassLoader(), SHUTDOWN_JOIN_MILLIS);
    }
}
