package dev.switchboard.metrics;

/** The four endpoints, as metric labels and log fields. */
public enum EndpointKind {
    ECHO("echo"), HELLO("hello"), CHAT("chat"), BROADCAST("broadcast");

    private final String label;

    EndpointKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
