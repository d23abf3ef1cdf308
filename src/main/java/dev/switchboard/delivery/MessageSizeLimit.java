package dev.switchboard.delivery;

import jakarta.websocket.Session;

/**
 * Sizes the container's per-session message buffers to an endpoint's cap, so that the container
 * itself closes a larger message with 1009 before buffering it. Containers allocate these buffers
 * at the cap once a session sends, so this suits small caps (chat and broadcast, 16 KiB); the echo
 * endpoint, with 1 MiB, takes messages in parts instead.
 */
public final class MessageSizeLimit {

    private final int maxBytes;

    public MessageSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void applyTo(Session session) {
        session.setMaxTextMessageBufferSize(maxBytes);
        session.setMaxBinaryMessageBufferSize(maxBytes);
    }
}
