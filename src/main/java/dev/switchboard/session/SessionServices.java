package dev.switchboard.session;

/**
 * What every tracked endpoint needs from its node: the tracker it registers with (every
 * server-side close goes through it to the closer threads) and what to do with a container's error
 * report. Built once by the node and handed to each endpoint instance by the configurator.
 */
public record SessionServices(ConnectionTracker connections, SessionFailures failures) {

    /** The transport for a tracked session, closing on the closer threads and releasing on a failed write. */
    public SessionTransport transport(Connection connection) {
        return new SessionTransport(connection, connections);
    }
}
