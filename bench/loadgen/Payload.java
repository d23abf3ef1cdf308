package loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 32-byte messages the scenarios send: a sequence number and a send timestamp, each as 16
 * lower-case hex digits, so that the server relays plain text and the receiver can check order and
 * measure latency without parsing anything else.
 */
final class Payload {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Payload() {
    }

    static void putHex(byte[] dst, int off, long v) {
        for (int i = 15; i >= 0; i--) {
            dst[off + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    static long getHex(ByteBuffer b, int off) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            int ch = b.get(off + i);
            int d = ch <= '9' ? ch - '0' : ch - 'a' + 10;
            if (d < 0 || d > 15) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
