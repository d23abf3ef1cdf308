package dev.switchboard.session;

/**
 * What every tracked endpoint needs from its node: the tracker it registers with, what to do with
 * a container's error report, and the closer that every server-side close goes through. Built once
 * by the node and handed to each endpoint instance by the configurator.
 */
public record SessionServices(ConnectionTracker connections, SessionFailures failures, SessionCloser closer) {

    /** The transport for a tracked session, closing on the closer threads. */
    public SessionTransport transport(Connection connection) {
        return new SessionTransport(connection, connections);
    }
}
