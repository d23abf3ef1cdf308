package loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The client engine: one selector, many {@link Connection}s, driven by the calling thread. */
final class Engine implements AutoCloseable {

    final Selector selector;
    final InetSocketAddress address;
    final String host;
    final List<Connection> conns = new ArrayList<>();
    final List<Connection> dirty = new ArrayList<>();
    int opened, closed, failedHandshakes;
    private int rnd = (int) System.nanoTime() | 1;
    private final MessageDigest sha1;
    private final byte[] keyBytes = new byte[16];

    Engine(String host, int port) throws Exception {
        this.selector = Selector.open();
        this.address = new InetSocketAddress(host, port);
        this.host = host + ":" + port;
        this.sha1 = MessageDigest.getInstance("SHA-1");
    }

    static Engine forUrl(URI uri) throws Exception {
        return new Engine(uri.getHost(), uri.getPort());
    }

    int nextMask() {
        int x = rnd; // xorshift32: unpredictable enough for masking in a benchmark
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rnd = x;
        return x;
    }

    /** Starts a connection to {@code path}; {@code attachment} is the scenario's own state for it, or null. */
    Connection connect(String path, String protocol, Handler handler, Object attachment, int bufferSize, boolean direct)
            throws IOException {
        for (int i = 0; i < 16; i += 4) {
            int r = nextMask();
            keyBytes[i] = (byte) r;
            keyBytes[i + 1] = (byte) (r >>> 8);
            keyBytes[i + 2] = (byte) (r >>> 16);
            keyBytes[i + 3] = (byte) (r >>> 24);
        }
        String key = Base64.getEncoder().encodeToString(keyBytes);
        sha1.reset();
        String accept = Base64.getEncoder().encodeToString(
                sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        StringBuilder req = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                .append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
        if (protocol != null) {
            req.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
        }
        req.append("\r\n");
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(this, ch, handler, attachment, req.toString().getBytes(StandardCharsets.US_ASCII), accept,
                bufferSize, direct);
        conns.add(c);
        if (ch.connect(address)) {
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            c.onConnectable();
        } else {
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
        return c;
    }

    /** One round of I/O: waits up to timeoutMillis for readiness (0: does not wait), then flushes. */
    void poll(long timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            selector.selectNow(this::ready);
        } else {
            selector.select(this::ready, timeoutMillis);
        }
        flushDirty();
    }

    void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            Connection c = dirty.get(i);
            c.dirty = false;
            try {
                c.flush();
            } catch (IOException e) {
                c.failure = e.toString();
                c.abort();
            }
        }
        dirty.clear();
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                c.onConnectable();
                return;
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                c.onReadable();
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && c.state != Connection.CLOSED) {
                c.flush();
            }
        } catch (IOException e) {
            if (c.failure == null) {
                c.failure = e.toString();
            }
            c.abort();
        }
    }

    /** Runs I/O until done is true or the deadline (System.nanoTime) passes; true when done. */
    boolean runUntil(long deadline, BooleanSupplier done) throws IOException {
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            poll(Math.max(1, Math.min(10, left / 1_000_000)));
        }
        return true;
    }

    /** Closes every connection politely, waiting up to waitMillis for the servers' close frames. */
    void closeAll(long waitMillis) throws IOException {
        for (Connection c : conns) {
            c.close();
        }
        runUntil(System.nanoTime() + waitMillis * 1_000_000, () -> conns.stream().allMatch(c -> c.state == Connection.CLOSED));
        for (Connection c : conns) {
            c.abort();
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection c : conns) {
            if (c.state != Connection.CLOSED) {
                c.abort();
            }
        }
        selector.close();
    }

    /** The first failure any connection met, for error messages. */
    String firstFailure() {
        return conns.stream().filter(c -> c.failure != null).map(c -> c.failure).findFirst().orElse("-");
    }
}
