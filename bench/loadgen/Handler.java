package loadgen;

import java.nio.ByteBuffer;

/** What a scenario does with one connection's events; all run on the engine's one thread. */
interface Handler {

    default void onOpen(Connection c) {
    }

    /** A whole text or binary message; its bytes are buf[off, off + len) (absolute indexes). */
    void onMessage(Connection c, ByteBuffer buf, int off, int len, boolean text);

    default void onClose(Connection c, int code, String why) {
    }
}
