package dev.switchboard;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import dev.switchboard.broadcast.BroadcastService;
import dev.switchboard.broadcast.Channels;
import dev.switchboard.chat.ChatService;
import dev.switchboard.chat.LocalChatRooms;
import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.cluster.LocalConnectionIds;
import dev.switchboard.config.Settings;
import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.SessionTransport;
import dev.switchboard.ops.Connection;
import dev.switchboard.handshake.OriginPolicy;
import dev.switchboard.ops.ConnectionTracker;
import dev.switchboard.ops.EndpointKind;
import dev.switchboard.ops.Heartbeat;
import dev.switchboard.ops.Metrics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * This deployment's shared services, built once from the settings when the WAR starts.
 *
 * <p>JSR 356 creates endpoint and configurator instances itself, with no way to hand them
 * dependencies, so this class is the project's one registry of static state: the lifecycle
 * listener installs the node at deployment and removes it at undeploy.
 */
public final class SwitchboardNode {

    private static volatile SwitchboardNode current;

    private final Settings settings;
    private final OriginPolicy originPolicy;
    private final Metrics metrics;
    private final ConnectionTracker connections;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService closer;
    private final ExecutorService pinger;
    private final ChatService chat;
    private final BroadcastService broadcast;
    private volatile boolean shuttingDown;

    public SwitchboardNode(Settings settings, String version) {
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings);
        this.metrics = new Metrics(version, PackageVersion.VERSION.toString());
        this.connections = new ConnectionTracker(settings.maxConnections(), metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-timer"));
        // closes can block on a stalled socket (a container waits to send the close frame)
        this.closer = Executors.newCachedThreadPool(daemon("switchboard-closer"));
        this.pinger = Executors.newFixedThreadPool(2, daemon("switchboard-pinger"));
        ConnectionIds ids = new LocalConnectionIds();
        this.chat = new ChatService(settings, new LocalChatRooms(settings.chat().history(), System::currentTimeMillis),
                ids, closer, scheduler, metrics.endpoint(EndpointKind.CHAT), System::currentTimeMillis, System::nanoTime);
        this.broadcast = new BroadcastService(settings.broadcast(),
                new Channels(settings.broadcast(), System::currentTimeMillis, System::nanoTime),
                ids, closer, scheduler, metrics.endpoint(EndpointKind.BROADCAST), System::nanoTime);
        scheduler.scheduleWithFixedDelay(
                new Heartbeat(connections, settings.heartbeatSeconds(), settings.idleTimeoutSeconds(), pinger, closer),
                1, 1, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public static SwitchboardNode current() {
        SwitchboardNode node = current;
        if (node == null) {
            throw new IllegalStateException("Switchboard is not deployed (its ServletContextListener has not run)");
        }
        return node;
    }

    public static void install(SwitchboardNode node) {
        current = node;
    }

    public static void uninstall(SwitchboardNode node) {
        if (current == node) {
            current = null;
        }
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

    public ChatService chat() {
        return chat;
    }

    public BroadcastService broadcast() {
        return broadcast;
    }

    /** The transport for a tracked session, closing on this node's closer threads. */
    public SessionTransport transport(Connection connection) {
        return new SessionTransport(connection, closer);
    }

    /** An outbox on this node's closer and timer threads. */
    public Outbox outbox(Outbox.Transport transport, long maxPendingBytes, SlowConsumerPolicy policy,
                         Outbox.Listener listener) {
        return new Outbox(transport, maxPendingBytes, policy, null, closer, scheduler, listener);
    }

    /** For short timed work (close delays); tasks must not block. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Tells every client 1001, then stops this node's threads. Safe to call more than once. */
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        connections.closeAll();
        scheduler.shutdownNow();
        pinger.shutdownNow();
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
