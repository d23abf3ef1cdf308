package dev.switchboard.echo;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Puts a message delivered in parts back together, refusing it as soon as it passes the byte cap.
 *
 * <p>Why parts: asking the container for whole messages up to 1 MiB makes it size its per-session
 * buffer to the cap (Tomcat keeps a 2 MiB {@code char[]} for every echo connection that has sent
 * anything). Taking parts, memory follows the message actually in transit, and a large message's
 * buffer is let go once it has been echoed.
 *
 * <p>A refused message stays refused until its last part: the parts still on their way when the
 * 1009 close is handed off are swallowed, never taken for the start of a new message and echoed.
 */
final class MessageAssembly {

    /** Past this, a finished message's buffer is dropped rather than kept for the next one. */
    private static final int KEEP_CAPACITY = 16 * 1024;

    private final long maxBytes;
    private StringBuilder text;
    private long textBytes;
    private ByteArrayOutputStream binary;
    private boolean refusing; // inside a message already refused: swallow parts until its last

    MessageAssembly(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a text part. Answers the whole message, as a frame measured while it was assembled, when
     * {@code last}; null while more is to come; throws {@link TooBig} once it passes the cap,
     * then null for the rest of that message.
     */
    Frame addText(String part, boolean last) throws TooBig {
        if (refusing) {
            refusing = !last;
            return null;
        }
        long partBytes = Utf8.length(part);
        if (text != null && text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))
                && !part.isEmpty() && Character.isLowSurrogate(part.charAt(0))) {
            partBytes -= 2; // a pair split across parts: counted as 3 + 3 bytes, it is 4
        }
        textBytes += partBytes;
        if (textBytes > maxBytes) {
            resetText();
            refusing = !last;
            throw new TooBig();
        }
        if (last && (text == null || text.length() == 0)) {
            textBytes = 0;
            return new Frame(part, null, (int) partBytes); // the common case: one part, no copy
        }
        if (text == null) {
            text = new StringBuilder(part.length() * 2);
        }
        text.append(part);
        if (!last) {
            return null;
        }
        Frame whole = new Frame(text.toString(), null, (int) textBytes);
        if (text.capacity() > KEEP_CAPACITY) {
            text = null;
        } else {
            text.setLength(0);
        }
        textBytes = 0;
        return whole;
    }

    /**
     * Adds a binary part; like {@link #addText}. The frame holds its own bytes: the container may
     * reuse the buffer it delivered.
     */
    Frame addBinary(ByteBuffer part, boolean last) throws TooBig {
        if (refusing) {
            refusing = !last;
            return null;
        }
        int size = binary == null ? 0 : binary.size();
        if (size + (long) part.remaining() > maxBytes) {
            binary = null;
            refusing = !last;
            throw new TooBig();
        }
        if (last && size == 0) {
            return Frame.copyOf(part);
        }
        if (binary == null) {
            binary = new ByteArrayOutputStream(Math.max(256, part.remaining() * 2));
        }
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        binary.writeBytes(bytes);
        if (!last) {
            return null;
        }
        byte[] whole = binary.toByteArray();
        binary = null;
        return new Frame(null, ByteBuffer.wrap(whole), whole.length); // writable: see Frame
    }

    private void resetText() {
        text = null;
        textBytes = 0;
    }

    /** The message passed the cap: the connection is closed with 1009. */
    static final class TooBig extends Exception {
        TooBig() {
            super(null, null, false, false);
        }
    }
}
