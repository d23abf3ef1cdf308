package dev.switchboard.cluster;

/**
 * Hands out connection ids: positive, never reused within the deployment. Chat ids and broadcast
 * {@code from} values are the same kind of id. With Redis they become cluster-wide.
 */
public interface ConnectionIds {

    long next();
}
