package dev.switchboard;

import dev.switchboard.broadcast.BroadcastService;
import dev.switchboard.broadcast.Channels;
import dev.switchboard.chat.ChatService;
import dev.switchboard.chat.LocalChatRooms;
import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.cluster.LocalConnectionIds;
import dev.switchboard.config.Settings;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.handshake.OriginPolicy;
import dev.switchboard.ops.ConnectionTracker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private final ConnectionTracker connections;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService closer;
    private final ConnectionIds ids;
    private final ChatService chat;
    private final BroadcastService broadcast;

    public SwitchboardNode(Settings settings) {
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings);
        this.connections = new ConnectionTracker(settings.maxConnections());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.closer = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-closer");
            thread.setDaemon(true);
            return thread;
        });
        this.ids = new LocalConnectionIds();
        this.chat = new ChatService(settings, new LocalChatRooms(settings.chat().history(), System::currentTimeMillis),
                ids, closer, scheduler, Outbox.Listener.NONE, System::currentTimeMillis, System::nanoTime);
        this.broadcast = new BroadcastService(settings.broadcast(),
                new Channels(settings.broadcast(), System::currentTimeMillis, System::nanoTime),
                ids, closer, scheduler, Outbox.Listener.NONE, System::nanoTime);
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

    public ConnectionTracker connections() {
        return connections;
    }

    public ChatService chat() {
        return chat;
    }

    public BroadcastService broadcast() {
        return broadcast;
    }

    /** For short timed work (close delays, heartbeats); tasks must not block. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public void shutdown() {
        connections.closeAll();
        scheduler.shutdownNow();
        closer.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
