package dev.switchboard.delivery;

import java.nio.ByteBuffer;

/**
 * An outbound frame, encoded once and shared by every recipient's {@link Outbox}: text, or (for
 * echo) binary. Its size in bytes is computed once too, for the outboxes' byte bounds.
 *
 * <p>A binary frame is a writable heap buffer, never {@code asReadOnlyBuffer()}: Open Liberty's send
 * calls {@code arrayOffset()}, which a read-only buffer refuses, and the send never completes. Each
 * outbox sends its own {@code duplicate()}, and nothing writes into the bytes.
 */
public record Frame(String text, ByteBuffer binary, int bytes) {

    public static Frame of(String text) {
        return new Frame(text, null, (int) Utf8.length(text));
    }

    /** A binary frame holding its own copy: a container may reuse the buffer it delivered. */
    public static Frame copyOf(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        return new Frame(null, copy, copy.remaining());
    }

    public boolean isBinary() {
        return binary != null;
    }
}
