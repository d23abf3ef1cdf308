package dev.switchboard.delivery;

/**
 * An outbound text frame, encoded once and shared by every recipient's {@link Outbox}. Its size
 * (UTF-8 bytes) is computed once too, for the outboxes' byte bounds.
 */
public record Frame(String text, int bytes) {

    public static Frame of(String text) {
        return new Frame(text, (int) Utf8.length(text));
    }
}
