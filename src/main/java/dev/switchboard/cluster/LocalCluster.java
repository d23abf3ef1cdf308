package dev.switchboard.cluster;

import java.util.Optional;

/** A node on its own: ids from memory, no bus. */
public final class LocalCluster implements Cluster {

    private final ConnectionIds ids = new LocalConnectionIds();

    @Override
    public ConnectionIds ids() {
        return ids;
    }

    @Override
    public Optional<ClusterBus> bus() {
        return Optional.empty();
    }

    @Override
    public String redisState() {
        return "OFF";
    }

    @Override
    public void close() {
    }
}
