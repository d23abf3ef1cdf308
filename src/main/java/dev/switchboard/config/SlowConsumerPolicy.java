package dev.switchboard.config;

/** What happens to a broadcast subscriber whose pending outbound data passes its bound. */
public enum SlowConsumerPolicy {
    /** Drop that client's oldest pending messages and tell json clients how many. */
    DROP,
    /** Close the client with 1008 {@code slow consumer}. */
    DISCONNECT
}
