package dev.switchboard.delivery;

import dev.switchboard.ops.SessionCloser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * A per-endpoint cap on whole-message size, in bytes on the wire, past which the connection is
 * closed with 1009. The container's own buffers are set to the cap so that it refuses an oversized
 * message before buffering it; the explicit check covers containers that buffer more, and text
 * whose UTF-8 form is longer than its character count.
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

    public boolean admits(String text, Session session) {
        // a char is at most 3 UTF-8 bytes, so short texts skip the exact count
        if ((long) text.length() * 3 <= maxBytes || Utf8.length(text) <= maxBytes) {
            return true;
        }
        tooBig(session);
        return false;
    }

    public boolean admits(ByteBuffer data, Session session) {
        if (data.remaining() <= maxBytes) {
            return true;
        }
        tooBig(session);
        return false;
    }

    private void tooBig(Session session) {
        SessionCloser.close(session, CloseReason.CloseCodes.TOO_BIG, "message too big");
    }
}
