package dev.switchboard.cluster;

import java.util.Optional;

/**
 * What this node shares with others: connection ids, and (with Redis) the bus that rooms and
 * channels use to span nodes. {@link LocalCluster} is a node on its own; the Redis cluster is
 * built only when {@code switchboard.redis.url} is set, so without it no Redis class is loaded.
 */
public interface Cluster {

    ConnectionIds ids();

    /** The shared bus, or empty on a node of its own. */
    Optional<ClusterBus> bus();

    /** {@code OFF} without Redis; {@code UP} once a pub/sub round trip has been seen; {@code DOWN} otherwise. */
    String redisState();

    /** Stops every thread and connection this cluster started. */
    void close();
}
