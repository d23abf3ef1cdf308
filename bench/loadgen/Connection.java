package loadgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One client WebSocket on an {@link Engine}: the opening handshake, masked frames out, frames in
 * (fragments reassembled, pings answered, the closing handshake), with its buffers. Not thread-safe:
 * only the engine's thread touches it.
 */
final class Connection {

    static final int CONNECTING = 0, HANDSHAKE = 1, OPEN = 2, CLOSING = 3, CLOSED = 4;

    final Engine engine;
    final SocketChannel ch;
    final Handler handler;
    final byte[] request;
    final String expectedAccept;
    SelectionKey key;
    ByteBuffer in;
    ByteBuffer out;
    int state = CONNECTING;
    boolean dirty;
    boolean writeInterest;
    int closeCode = -1;
    String failure;
    String protocol;
    byte[] fragments; // a fragmented message being reassembled
    int fragmentLength;
    boolean fragmentText;
    /** What the scenario keeps about this connection (its own type, per scenario), or null. */
    final Object attachment;

    Connection(Engine engine, SocketChannel ch, Handler handler, Object attachment, byte[] request, String expectedAccept,
            int bufferSize, boolean direct) {
        this.engine = engine;
        this.ch = ch;
        this.handler = handler;
        this.attachment = attachment;
        this.request = request;
        this.expectedAccept = expectedAccept;
        this.in = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
        this.out = direct ? ByteBuffer.allocateDirect(Math.max(512, bufferSize / 4))
                : ByteBuffer.allocate(Math.max(256, bufferSize / 4));
    }

    boolean isOpen() {
        return state == OPEN;
    }

    void sendText(byte[] payload, int off, int len) {
        writeFrame(0x1, payload, off, len);
    }

    void writeFrame(int opcode, byte[] p, int off, int len) {
        ensureOut(len + 14);
        ByteBuffer o = out;
        o.put((byte) (0x80 | opcode));
        if (len < 126) {
            o.put((byte) (0x80 | len));
        } else if (len < 65536) {
            o.put((byte) (0x80 | 126));
            o.putShort((short) len);
        } else {
            o.put((byte) (0x80 | 127));
            o.putLong(len);
        }
        int mask = engine.nextMask();
        o.putInt(mask);
        byte m0 = (byte) (mask >>> 24), m1 = (byte) (mask >>> 16), m2 = (byte) (mask >>> 8), m3 = (byte) mask;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            o.put((byte) (p[off + i] ^ m0));
            o.put((byte) (p[off + i + 1] ^ m1));
            o.put((byte) (p[off + i + 2] ^ m2));
            o.put((byte) (p[off + i + 3] ^ m3));
        }
        for (; i < len; i++) {
            byte m = switch (i & 3) {
                case 0 -> m0;
                case 1 -> m1;
                case 2 -> m2;
                default -> m3;
            };
            o.put((byte) (p[off + i] ^ m));
        }
        markDirty();
    }

    /** Starts the closing handshake (1000); the server's close frame or EOF finishes it. */
    void close() {
        if (state == OPEN) {
            writeFrame(0x8, new byte[] {0x03, (byte) 0xE8}, 0, 2);
            state = CLOSING;
        } else if (state != CLOSING) {
            abort();
        }
    }

    void abort() {
        if (state == CLOSED) {
            return;
        }
        int before = state;
        state = CLOSED;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        engine.closed++;
        if (before >= OPEN) {
            handler.onClose(this, closeCode, failure);
        } else {
            engine.failedHandshakes++;
            handler.onClose(this, -1, failure == null ? "closed during handshake" : failure);
        }
    }

    private void ensureOut(int extra) {
        if (out.remaining() < extra) {
            int need = out.position() + extra;
            ByteBuffer bigger = out.isDirect() ? ByteBuffer.allocateDirect(Math.max(need, out.capacity() * 2))
                    : ByteBuffer.allocate(Math.max(need, out.capacity() * 2));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            engine.dirty.add(this);
        }
    }

    void flush() throws IOException {
        if (state == CLOSED || state == CONNECTING) {
            return;
        }
        out.flip();
        if (out.hasRemaining()) {
            ch.write(out);
        }
        boolean left = out.hasRemaining();
        out.compact();
        if (left != writeInterest) {
            writeInterest = left;
            key.interestOps(left ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
        if (!left && state == CLOSING && closeCode >= 0) {
            abort(); // both close frames exchanged
        }
    }

    void onConnectable() throws IOException {
        ch.finishConnect();
        state = HANDSHAKE;
        ensureOut(request.length);
        out.put(request);
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    void onReadable() throws IOException {
        int n = ch.read(in);
        if (n < 0) {
            if (failure == null && state != CLOSING) {
                failure = "eof";
            }
            abort();
            return;
        }
        in.flip();
        if (state == HANDSHAKE && !readHandshake()) {
            in.compact();
            return;
        }
        if (state >= OPEN && state != CLOSED) {
            parseFrames();
        }
        if (state != CLOSED) {
            in.compact();
            if (!in.hasRemaining()) {
                grow(in.capacity() * 2);
            }
        }
    }

    private boolean readHandshake() {
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            if (in.limit() == in.capacity()) {
                fail("handshake response too long");
            }
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String response = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = response.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[1].equals("101")) {
            fail("handshake status " + lines[0]);
            return false;
        }
        String accept = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("sec-websocket-accept")) {
                    accept = value;
                } else if (name.equals("sec-websocket-protocol")) {
                    protocol = value;
                }
            }
        }
        if (!expectedAccept.equals(accept)) {
            fail("bad Sec-WebSocket-Accept " + accept);
            return false;
        }
        state = OPEN;
        engine.opened++;
        handler.onOpen(this);
        return true;
    }

    private void fail(String why) {
        failure = why;
        abort();
    }

    private void grow(int capacity) {
        ByteBuffer bigger = in.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    private void parseFrames() {
        ByteBuffer b = in;
        while (state != CLOSED) {
            int p = b.position();
            int rem = b.limit() - p;
            if (rem < 2) {
                return;
            }
            int b0 = b.get(p) & 0xff, b1 = b.get(p + 1) & 0xff;
            int hdr = 2;
            long len = b1 & 0x7f;
            if (len == 126) {
                if (rem < 4) {
                    return;
                }
                len = b.getShort(p + 2) & 0xffff;
                hdr = 4;
            } else if (len == 127) {
                if (rem < 10) {
                    return;
                }
                len = b.getLong(p + 2);
                hdr = 10;
            }
            if ((b1 & 0x80) != 0) {
                fail("masked frame from server");
                return;
            }
            if (len > (64 << 20)) {
                fail("frame too long: " + len);
                return;
            }
            if (rem < hdr + len) {
                if (hdr + len > b.capacity()) {
                    // make room for the whole frame: compact happens in the caller after growing
                    ByteBuffer bigger = b.isDirect() ? ByteBuffer.allocateDirect((int) (hdr + len) * 2)
                            : ByteBuffer.allocate((int) (hdr + len) * 2);
                    bigger.put(b);
                    bigger.flip();
                    in = bigger;
                }
                return;
            }
            int start = p + hdr;
            int length = (int) len;
            b.position(start + length);
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            switch (opcode) {
                case 0x1, 0x2 -> {
                    if (fin) {
                        handler.onMessage(this, b, start, length, opcode == 0x1);
                    } else {
                        fragmentText = opcode == 0x1;
                        fragmentLength = 0;
                        appendFragment(b, start, length);
                    }
                }
                case 0x0 -> {
                    appendFragment(b, start, length);
                    if (fin) {
                        ByteBuffer whole = ByteBuffer.wrap(fragments, 0, fragmentLength);
                        handler.onMessage(this, whole, 0, fragmentLength, fragmentText);
                        fragments = null;
                    }
                }
                case 0x8 -> {
                    closeCode = length >= 2 ? b.getShort(start) & 0xffff : 1005;
                    if (state == OPEN) {
                        writeFrame(0x8, new byte[] {(byte) (closeCode >>> 8), (byte) closeCode}, 0, 2);
                        state = CLOSING;
                    } else {
                        abort();
                    }
                    return;
                }
                case 0x9 -> {
                    byte[] ping = new byte[length];
                    b.get(start, ping);
                    writeFrame(0xA, ping, 0, length);
                }
                case 0xA -> {
                    // pong: nothing to do
                }
                default -> {
                    fail("unknown opcode " + opcode);
                    return;
                }
            }
        }
    }

    private void appendFragment(ByteBuffer b, int start, int length) {
        if (fragments == null) {
            fragments = new byte[Math.max(256, length * 2)];
        }
        if (fragmentLength + length > fragments.length) {
            fragments = Arrays.copyOf(fragments, (fragmentLength + length) * 2);
        }
        b.get(start, fragments, fragmentLength, length);
        fragmentLength += length;
    }
}
