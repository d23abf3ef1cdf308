package dev.switchboard.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Redis side as rooms and channels see it, free of any Redis client type: atomic scripts,
 * pub/sub, and word of when the cluster is usable. Nothing here ever blocks the caller: scripts
 * answer with futures that fail fast (within ~2 s) when Redis is away, and the caller then serves
 * its own node's members locally.
 */
public interface ClusterBus {

    /** Told when the cluster becomes usable or unusable; called on the bus's own thread. */
    interface Listener {
        /** Redis went away (or was emptied): serve local members on their own until {@link #up}. */
        void down();

        /**
         * Redis is usable again (or for the first time): re-assert this node's state and catch up.
         * The bus reports {@code UP} once every listener's future has completed.
         */
        CompletableFuture<?> up();

        /** {@code node} has been silent past the reaping limit: remove what it held. Idempotent. */
        CompletableFuture<?> reap(String node);
    }

    /** This node's name in the cluster, unique per deployment. */
    String node();

    /**
     * Runs {@code script} atomically in Redis. The bus passes the cluster's incarnation as the
     * script's first argument (before {@code args}), so that no script writes into a Redis that has
     * been emptied since this node last re-asserted its state: such a call fails instead. Scripts
     * return Lua tables, which arrive as lists (numbers as {@code Long}, strings as {@code String}).
     */
    CompletableFuture<Object> run(LuaScript script, List<String> args);

    /** Subscribes; the future completes once Redis has confirmed the subscription. */
    CompletableFuture<Void> subscribe(String channel, Consumer<String> listener);

    /**
     * Stops {@code listener}; a listener subscribed to the same channel since (a fresh room or
     * channel of the same name) stays subscribed.
     */
    void unsubscribe(String channel, Consumer<String> listener);

    /** True while Redis is reachable, pub/sub proven by a round trip, and this node's state re-asserted. */
    boolean isUp();

    void addListener(Listener listener);

    /** Counts a message that crossed to or from another node, for {@code /metrics}. */
    void countCrossNode(boolean in);
}
