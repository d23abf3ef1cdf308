import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switchboard's WebSocket load generator, one file, JDK only: raw NIO sockets, one selector thread,
 * hand-written RFC 6455 framing (client frames masked), so that the generator costs little CPU per
 * message and never becomes the bottleneck.
 *
 * <pre>
 * java -cp bench/target/classes LoadGen suite --name NAME --base ws://127.0.0.1:PORT/ctx --pid SERVER_PID --out FILE [options]
 * java -cp bench/target/classes LoadGen echo-server PORT          the calibration server: raw NIO echo, no framework
 * java -cp bench/target/classes LoadGen idle-client URL COUNT     holds COUNT idle connections until stdin closes
 * java -cp bench/target/classes LoadGen table FILE...            one table from suite result files
 * java -cp bench/target/classes LoadGen jfr-top FILE             the hottest frames of a JFR recording
 * </pre>
 */
public final class LoadGen {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadGen suite|echo-server|idle-client|table|jfr-top ...");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "suite" -> Suite.run(Opts.parse(rest));
            case "echo-server" -> RawEchoServer.run(Integer.parseInt(rest[0]), rest.length > 1 && rest[1].equals("batched"));
            case "idle-client" -> IdleClient.runChild(rest[0], Integer.parseInt(rest[1]));
            case "table" -> Table.print(rest, System.out);
            case "jfr-top" -> JfrTop.print(Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 25);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Options

    static final class Opts {
        final Map<String, String> values = new HashMap<>();

        static Opts parse(String[] args) {
            Opts o = new Opts();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option, got " + args[i]);
                }
                String key = args[i].substring(2);
                String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
                o.values.put(key, value);
            }
            return o;
        }

        String get(String key, String dflt) {
            return values.getOrDefault(key, dflt);
        }

        String need(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + key);
            }
            return v;
        }

        int integer(String key, int dflt) {
            return Integer.parseInt(get(key, Integer.toString(dflt)));
        }

        double number(String key, double dflt) {
            return Double.parseDouble(get(key, Double.toString(dflt)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // The client engine: one selector, many connections, hand-written framing

    interface Handler {
        default void onOpen(Conn c) {
        }

        /** A whole text or binary message; its bytes are buf[off, off + len) (absolute indexes). */
        void onMessage(Conn c, ByteBuffer buf, int off, int len, boolean text);

        default void onClose(Conn c, int code, String why) {
        }
    }

    static final int CONNECTING = 0, HANDSHAKE = 1, OPEN = 2, CLOSING = 3, CLOSED = 4;

    static final class Conn {
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
        // per-scenario state, so that handlers need no side maps
        long a, b, c2;
        boolean flag;

        Conn(Engine engine, SocketChannel ch, Handler handler, byte[] request, String expectedAccept, int bufferSize,
                boolean direct) {
            this.engine = engine;
            this.ch = ch;
            this.handler = handler;
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

    static final class Engine implements AutoCloseable {
        final Selector selector;
        final InetSocketAddress address;
        final String host;
        final List<Conn> conns = new ArrayList<>();
        final List<Conn> dirty = new ArrayList<>();
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

        Conn connect(String path, String protocol, Handler handler, int bufferSize, boolean direct) throws IOException {
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
            Conn c = new Conn(this, ch, handler, req.toString().getBytes(StandardCharsets.US_ASCII), accept, bufferSize,
                    direct);
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
                Conn c = dirty.get(i);
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
            Conn c = (Conn) key.attachment();
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
                if ((ops & SelectionKey.OP_WRITE) != 0 && c.state != CLOSED) {
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
            for (Conn c : conns) {
                c.close();
            }
            runUntil(System.nanoTime() + waitMillis * 1_000_000, () -> conns.stream().allMatch(c -> c.state == CLOSED));
            for (Conn c : conns) {
                c.abort();
            }
        }

        @Override
        public void close() throws IOException {
            for (Conn c : conns) {
                if (c.state != CLOSED) {
                    c.abort();
                }
            }
            selector.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Measurements

    static final class Samples {
        long[] values = new long[1 << 16];
        int size;
        long seen;
        static final int CAP = 4_000_000;

        void add(long v) {
            seen++;
            if (size == values.length) {
                if (size >= CAP) {
                    // keep a uniform sample once the cap is reached (reservoir sampling)
                    long slot = Math.floorMod(v * 0x9E3779B97F4A7C15L ^ seen * 0xC2B2AE3D27D4EB4FL, seen);
                    if (slot < size) {
                        values[(int) slot] = v;
                    }
                    return;
                }
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double percentileMicros(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int idx = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
            return sorted[idx] / 1000.0;
        }
    }

    /** CPU time of this process and of the server process over a window, as a share of one core. */
    static final class CpuWindow {
        final long pid;
        final long start = System.nanoTime();
        final long genStart = genCpuNanos();
        final long srvStart;
        final long genSysStart = sysNanos(ProcessHandle.current().pid());

        CpuWindow(long pid) {
            this.pid = pid;
            this.srvStart = serverCpuNanos(pid);
        }

        /** {generator %, server %, generator's kernel-mode %} of one core. */
        double[] finish() {
            double wall = System.nanoTime() - start;
            double gen = (genCpuNanos() - genStart) / wall * 100;
            double srv = pid > 0 ? (serverCpuNanos(pid) - srvStart) / wall * 100 : Double.NaN;
            double sys = (sysNanos(ProcessHandle.current().pid()) - genSysStart) / wall * 100;
            return new double[] {gen, srv, sys};
        }

        static long sysNanos(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[12]) * 10_000_000L;
            } catch (IOException e) {
                return 0;
            }
        }

        static long genCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        static long serverCpuNanos(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14 and 15 of /proc/PID/stat (utime, stime) are f[11], f[12]; USER_HZ is 100 on Linux
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (IOException e) {
                return 0;
            }
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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

    // ------------------------------------------------------------------------------------------
    // Scenarios

    static final class Suite {
        static void run(Opts o) throws Exception {
            String name = o.need("name");
            URI base = URI.create(o.need("base"));
            long pid = Long.parseLong(o.get("pid", "0"));
            Path out = Path.of(o.need("out"));
            String echoPath = base.getRawPath() + o.get("echo-path", "/echo");
            String broadcastPath = base.getRawPath() + o.get("broadcast-path", "/broadcast");
            double warm = o.number("warm", 1.0);
            double measure = o.number("measure", 3.0);
            int window = o.integer("window", 16);
            List<String> scenarios = List.of(o.get("scenarios", "echo,latency,broadcast,idle").split(","));
            Properties results = new Properties();
            results.setProperty("name", name);
            results.setProperty("label", o.get("label", name));
            results.setProperty("base", base.toString());
            Runnable save = () -> {
                try (OutputStream os = Files.newOutputStream(out)) {
                    results.store(os, "LoadGen results for " + name);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            };
            log("%s: %s, server pid %d", name, base, pid);

            if (scenarios.contains("idle")) {
                // first, on a fresh server, so that its memory growth is the connections' own
                idle(o, base, echoPath, pid, results);
                save.run();
            }
            if (scenarios.contains("echo") || scenarios.contains("latency")) {
                double warmup = o.number("warmup", 4.0);
                log("%s: JIT warm-up, echo with 10 connections for %.0f s", name, warmup);
                echo(base, echoPath, pid, 10, window, 0, warmup, null, "warmup");
            }
            if (scenarios.contains("echo")) {
                for (int conns : new int[] {1, 10, 100}) {
                    Map<String, Object> r = echo(base, echoPath, pid, conns, window, warm, measure, null, "echo-" + conns);
                    r.forEach((k, v) -> results.setProperty("echo-" + conns + "." + k, String.valueOf(v)));
                    save.run();
                }
            }
            if (scenarios.contains("latency")) {
                Map<String, Object> r = echo(base, echoPath, pid, 1, 1, warm, measure, null, "latency");
                r.forEach((k, v) -> results.setProperty("latency." + k, String.valueOf(v)));
                save.run();
            }
            if (scenarios.contains("broadcast")) {
                String protocol = o.get("broadcast-protocol", null);
                int bwindow = o.integer("broadcast-window", 8);
                for (int subs : new int[] {100, 1000}) {
                    Map<String, Object> r = broadcast(base, broadcastPath + "/bench-" + subs, protocol, pid, subs,
                            bwindow, warm, measure);
                    r.forEach((k, v) -> results.setProperty("bcast-" + subs + "." + k, String.valueOf(v)));
                    save.run();
                }
            }
            if (scenarios.contains("broadcast-json")) {
                int bwindow = o.integer("broadcast-window", 8);
                Map<String, Object> r = broadcast(base, broadcastPath + "/bench-json", "json", pid, 1000, bwindow, warm,
                        measure);
                r.forEach((k, v) -> results.setProperty("bcastjson-1000." + k, String.valueOf(v)));
                save.run();
            }
            if (o.values.containsKey("profile")) {
                // JFR recordings of the server (a JVM) under load: echo with 100 connections, broadcast to 1000
                double seconds = o.number("profile-seconds", 20);
                String prefix = Path.of(o.need("profile")).toAbsolutePath().toString();
                String echoJfr = prefix + "-echo100.jfr";
                log("%s: profiling echo with 100 connections for %.0f s into %s", name, seconds, echoJfr);
                echo(base, echoPath, pid, 100, window, 0.5, seconds + 1, () -> startJfr(pid, seconds, echoJfr), "profile");
                Thread.sleep(1500);
                if (scenarios.contains("broadcast")) {
                    String bcastJfr = prefix + "-bcast1000.jfr";
                    log("%s: profiling broadcast to 1000 subscribers for %.0f s into %s", name, seconds, bcastJfr);
                    broadcast(base, broadcastPath + "/bench-profile", o.get("broadcast-protocol", null), pid, 1000,
                            o.integer("broadcast-window", 8), 0.5, seconds + 1, () -> startJfr(pid, seconds, bcastJfr));
                    Thread.sleep(1500);
                }
            }
            double cpuSeconds = CpuWindow.genCpuNanos() / 1e9;
            double wallSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
            results.setProperty("generator.cpuSeconds", String.format(Locale.ROOT, "%.1f", cpuSeconds));
            results.setProperty("generator.wallSeconds", String.format(Locale.ROOT, "%.1f", wallSeconds));
            save.run();
            log("%s: done; load generator used %.1f s of CPU in %.1f s", name, cpuSeconds, wallSeconds);
        }

        static void startJfr(long pid, double seconds, String file) {
            jcmd(pid, "JFR.start", "settings=profile", "duration=" + (int) seconds + "s", "filename=" + file);
        }

        static void log(String format, Object... args) {
            System.out.printf("[loadgen] " + format + "%n", args);
            System.out.flush();
        }

        // ---- echo: every connection keeps `window` messages of 32 bytes in flight

        static Map<String, Object> echo(URI base, String path, long pid, int conns, int window, double warm,
                double measure, Runnable atMeasureStart, String label) throws Exception {
            final long[] counts = new long[3]; // received in window, errors, in flight
            final long[] window0 = new long[2]; // measurement start, end
            window0[0] = Long.MAX_VALUE;
            window0[1] = Long.MAX_VALUE;
            Samples rtt = new Samples();
            byte[] payload = new byte[32];
            Handler h = new Handler() {
                void send(Conn c) {
                    putHex(payload, 0, c.a++);
                    putHex(payload, 16, System.nanoTime());
                    c.sendText(payload, 0, 32);
                    counts[2]++;
                }

                @Override
                public void onOpen(Conn c) {
                    for (int i = 0; i < window; i++) {
                        send(c);
                    }
                }

                @Override
                public void onMessage(Conn c, ByteBuffer buf, int off, int len, boolean text) {
                    long now = System.nanoTime();
                    counts[2]--;
                    long seq = len == 32 ? getHex(buf, off) : -1;
                    if (seq != c.b++) {
                        counts[1]++;
                    }
                    if (now >= window0[0] && now < window0[1]) {
                        counts[0]++;
                        rtt.add(now - getHex(buf, off + 16));
                    }
                    if (now < window0[1]) {
                        send(c);
                    }
                }
            };
            try (Engine e = Engine.forUrl(base)) {
                for (int i = 0; i < conns; i++) {
                    e.connect(path, null, h, 16384, true);
                }
                e.runUntil(System.nanoTime() + 10_000_000_000L, () -> e.opened + e.failedHandshakes == conns);
                if (e.opened != conns) {
                    throw new IOException(label + ": only " + e.opened + " of " + conns + " connections opened: "
                            + firstFailure(e));
                }
                long t0 = System.nanoTime();
                window0[0] = t0 + (long) (warm * 1e9);
                window0[1] = window0[0] + (long) (measure * 1e9);
                e.runUntil(window0[0], () -> false);
                if (atMeasureStart != null) {
                    atMeasureStart.run();
                }
                CpuWindow cpu = new CpuWindow(pid);
                e.runUntil(window0[1], () -> e.closed > 0);
                double[] usage = cpu.finish();
                double seconds = (System.nanoTime() - window0[0]) / 1e9;
                e.runUntil(System.nanoTime() + 3_000_000_000L, () -> counts[2] == 0 || e.closed > 0);
                int closedEarly = e.closed;
                e.closeAll(2000);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("conns", conns);
                r.put("window", window);
                r.put("rate", Math.round(counts[0] / seconds));
                r.put("p50us", round1(rtt.percentileMicros(50)));
                r.put("p99us", round1(rtt.percentileMicros(99)));
                r.put("gencpu", Math.round(usage[0]));
                r.put("gensys", Math.round(usage[2]));
                r.put("srvcpu", Math.round(usage[1]));
                r.put("errors", counts[1] + closedEarly);
                r.put("unanswered", counts[2]);
                log("%-9s conns=%d window=%d: %,d msg/s, rtt p50 %.0f us p99 %.0f us, cpu server %.0f%% generator %.0f%% (kernel %.0f%%), errors %d, unanswered %d",
                        label, conns, window, r.get("rate"), rtt.percentileMicros(50), rtt.percentileMicros(99), usage[1],
                        usage[0], usage[2], counts[1] + closedEarly, counts[2]);
                return r;
            }
        }

        static String firstFailure(Engine e) {
            return e.conns.stream().filter(c -> c.failure != null).map(c -> c.failure).findFirst().orElse("-");
        }

        static double round1(double v) {
            return Math.round(v * 10) / 10.0;
        }

        // ---- broadcast: one publisher, `subs` subscribers, `window` messages in flight through the whole fan-out

        static final byte[] TEXT_FIELD = "\"text\":\"".getBytes(StandardCharsets.US_ASCII);
        static final byte[] DROPPED = "\"type\":\"dropped\"".getBytes(StandardCharsets.US_ASCII);
        static final byte[] ERROR = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

        static int indexOf(ByteBuffer b, int off, int len, byte[] pattern) {
            outer:
            for (int i = off; i + pattern.length <= off + len; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (b.get(i + j) != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        static Map<String, Object> broadcast(URI base, String path, String protocol, long pid, int subs, int window,
                double warm, double measure) throws Exception {
            return broadcast(base, path, protocol, pid, subs, window, warm, measure, null);
        }

        static Map<String, Object> broadcast(URI base, String path, String protocol, long pid, int subs, int window,
                double warm, double measure, Runnable atMeasureStart) throws Exception {
            boolean json = "json".equals(protocol);
            // counters: 0 deliveries in window, 1 lost (gaps), 2 synced subscribers, 3 next seq to publish,
            // 4 oldest seq not yet delivered everywhere, 5 out-of-order/duplicates, 6 dropped notices, 7 rate-limited
            final long[] n = new long[8];
            final int[] pending = new int[window];
            final long[] time = {Long.MAX_VALUE, Long.MAX_VALUE, System.nanoTime()}; // window start, end, last progress
            Samples latency = new Samples();
            byte[] payload = new byte[32];
            final Conn[] publisher = new Conn[1];
            final boolean[] publishing = new boolean[1];
            Runnable publish = () -> {
                long seq = n[3]++;
                putHex(payload, 0, seq);
                putHex(payload, 16, System.nanoTime());
                publisher[0].sendText(payload, 0, 32);
            };
            Handler sub = new Handler() {
                @Override
                public void onMessage(Conn c, ByteBuffer buf, int off, int len, boolean text) {
                    long now = System.nanoTime();
                    int at = off;
                    int length = len;
                    if (json) {
                        int t = indexOf(buf, off, len, TEXT_FIELD);
                        if (t < 0) {
                            if (indexOf(buf, off, len, DROPPED) >= 0) {
                                n[6]++;
                            } else if (indexOf(buf, off, len, ERROR) >= 0) {
                                n[7]++;
                            }
                            return;
                        }
                        at = t + TEXT_FIELD.length;
                        length = off + len - at >= 32 ? 32 : 0;
                    }
                    if (length < 32) {
                        n[5]++;
                        return;
                    }
                    if (buf.get(at) == 'P') { // a sync probe
                        if (!c.flag) {
                            c.flag = true;
                            n[2]++;
                        }
                        return;
                    }
                    long seq = getHex(buf, at);
                    if (seq < c.a) {
                        n[5]++;
                        return;
                    }
                    if (seq > c.a) {
                        n[1] += seq - c.a;
                    }
                    c.a = seq + 1;
                    if (now >= time[0] && now < time[1]) {
                        n[0]++;
                        latency.add(now - getHex(buf, at + 16));
                    }
                    int slot = (int) (seq % window);
                    if (++pending[slot] == subs) {
                        // this message reached everyone: retire every completed message in order, publish more
                        while (n[4] < n[3] && pending[(int) (n[4] % window)] >= subs) {
                            pending[(int) (n[4] % window)] = 0;
                            n[4]++;
                            time[2] = now;
                            if (publishing[0] && now < time[1]) {
                                publish.run();
                            }
                        }
                    }
                }
            };
            Handler pub = (c, buf, off, len, text) -> {
                if (json && indexOf(buf, off, len, ERROR) >= 0) {
                    n[7]++;
                }
            };
            try (Engine e = Engine.forUrl(base)) {
                for (int i = 0; i < subs; i++) {
                    e.connect(path, protocol, sub, 8192, true);
                    if (i % 200 == 199) {
                        e.poll(0);
                    }
                }
                publisher[0] = e.connect(path, protocol, pub, 8192, true);
                e.runUntil(System.nanoTime() + 20_000_000_000L, () -> e.opened + e.failedHandshakes == subs + 1);
                if (e.opened != subs + 1) {
                    throw new IOException("broadcast: only " + e.opened + " of " + (subs + 1)
                            + " connections opened: " + firstFailure(e));
                }
                // sync: probes until every subscriber is on the channel and has seen one
                byte[] probe = "P".repeat(32).getBytes(StandardCharsets.US_ASCII);
                long syncDeadline = System.nanoTime() + 10_000_000_000L;
                while (n[2] < subs && System.nanoTime() < syncDeadline && e.closed == 0) {
                    publisher[0].sendText(probe, 0, 32);
                    e.runUntil(System.nanoTime() + 50_000_000L, () -> n[2] >= subs);
                }
                if (n[2] < subs) {
                    throw new IOException("broadcast: only " + n[2] + " of " + subs + " subscribers got a probe; closed "
                            + e.closed + " " + firstFailure(e));
                }
                e.runUntil(System.nanoTime() + 200_000_000L, () -> false); // let the remaining probes drain
                long t0 = System.nanoTime();
                time[0] = t0 + (long) (warm * 1e9);
                time[1] = time[0] + (long) (measure * 1e9);
                time[2] = t0;
                publishing[0] = true;
                for (int i = 0; i < window; i++) {
                    publish.run();
                }
                BooleanSupplier stalled = () -> e.closed > 0 || System.nanoTime() - time[2] > 3_000_000_000L;
                e.runUntil(time[0], stalled);
                if (atMeasureStart != null) {
                    atMeasureStart.run();
                }
                CpuWindow cpu = new CpuWindow(pid);
                e.runUntil(time[1], stalled);
                double[] usage = cpu.finish();
                double seconds = (System.nanoTime() - time[0]) / 1e9;
                publishing[0] = false;
                e.runUntil(System.nanoTime() + 3_000_000_000L, () -> n[4] == n[3] || e.closed > 0);
                boolean stall = System.nanoTime() - time[2] > 3_000_000_000L;
                long lost = n[1];
                for (Conn c : e.conns) {
                    if (c != publisher[0] && c.handler == sub) {
                        lost += n[3] - c.a; // never arrived
                    }
                }
                int closedEarly = e.closed;
                e.closeAll(3000);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("subs", subs);
                r.put("window", window);
                r.put("protocol", protocol == null ? "default" : protocol);
                r.put("rate", Math.round(n[0] / seconds));
                r.put("published", n[3]);
                r.put("p50us", round1(latency.percentileMicros(50)));
                r.put("p99us", round1(latency.percentileMicros(99)));
                r.put("lost", lost);
                r.put("dropped", n[6]);
                r.put("ratelimited", n[7]);
                r.put("disorder", n[5]);
                r.put("closed", closedEarly);
                r.put("stalled", stall);
                r.put("gencpu", Math.round(usage[0]));
                r.put("srvcpu", Math.round(usage[1]));
                log("broadcast subs=%d window=%d protocol=%s: %,d deliveries/s (%,d messages published), latency p50 %.0f us p99 %.0f us, lost %d, dropped notices %d, rate-limited %d, disorder %d, closed %d%s, cpu server %.0f%% generator %.0f%%",
                        subs, window, r.get("protocol"), r.get("rate"), n[3], latency.percentileMicros(50),
                        latency.percentileMicros(99), lost, n[6], n[7], n[5], closedEarly, stall ? ", STALLED" : "",
                        usage[1], usage[0]);
                return r;
            }
        }

        // ---- idle: COUNT connections that only hold, split over child processes, server RSS before and after

        static void idle(Opts o, URI base, String path, long pid, Properties results) throws Exception {
            int count = o.integer("idle", 19000);
            int procs = o.integer("idle-procs", 2);
            String jvm = o.get("jvm", "false");
            String statsUrl = o.get("stats-url", null);
            log("idle: warm-up, 1000 connections opened and closed");
            IdleClient.hold(base, path, 1000, null);
            Thread.sleep(1000);
            long heapBefore = liveHeapKb(pid, jvm, statsUrl);
            Thread.sleep(500);
            long before = rssKb(pid);
            log("idle: server RSS before %,d KB%s; opening %,d connections from %d processes", before,
                    heapBefore >= 0 ? ", live heap " + heapBefore + " KB" : "", count, procs);
            List<Process> children = new ArrayList<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            List<String> prefix = new ArrayList<>(List.of(o.get("child-prefix", "taskset -c 1").split(" ")));
            prefix.removeIf(String::isBlank);
            for (int i = 0; i < procs; i++) {
                int share = count / procs + (i < count % procs ? 1 : 0);
                List<String> cmd = new ArrayList<>(prefix);
                cmd.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, "LoadGen", "idle-client",
                        base.resolve(path).toString(), Integer.toString(share)));
                children.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            long ok = 0, failed = 0;
            double slowest = 0;
            for (Process p : children) {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("READY")) {
                    System.out.println(line);
                }
                if (line == null) {
                    throw new IOException("idle client exited early: " + p.waitFor());
                }
                String[] f = line.split(" ");
                ok += Long.parseLong(f[1]);
                failed += Long.parseLong(f[2]);
                slowest = Math.max(slowest, Double.parseDouble(f[3]));
            }
            Thread.sleep(2000);
            long after = rssKb(pid);
            long heapAfter = liveHeapKb(pid, jvm, statsUrl);
            long afterGc = rssKb(pid);
            for (Process p : children) {
                p.getOutputStream().close(); // the children close their connections and exit
            }
            for (Process p : children) {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(line);
                }
                p.waitFor();
            }
            double perConn = ok > 0 ? (after - before) / (double) ok : Double.NaN;
            double heapPerConn = ok > 0 && heapBefore >= 0 ? (heapAfter - heapBefore) / (double) ok : Double.NaN;
            results.setProperty("idle.count", Long.toString(ok));
            results.setProperty("idle.requested", Integer.toString(count));
            results.setProperty("idle.failed", Long.toString(failed));
            results.setProperty("idle.rssBeforeKb", Long.toString(before));
            results.setProperty("idle.rssAfterKb", Long.toString(after));
            results.setProperty("idle.rssAfterGcKb", Long.toString(afterGc));
            results.setProperty("idle.kbPerConn", Double.toString(round1(perConn)));
            results.setProperty("idle.heapKbPerConn", Double.toString(round1(heapPerConn)));
            results.setProperty("idle.connectRate", Long.toString(Math.round(ok / slowest)));
            log("idle: %,d of %,d connections open (%d failed) in %.1f s (%,.0f/s); server RSS %,d -> %,d KB = %.1f KB per connection; live heap %s",
                    ok, count, failed, slowest, ok / slowest, before, after, perConn,
                    heapBefore >= 0 ? String.format("%,d -> %,d KB = %.1f KB per connection", heapBefore, heapAfter,
                            heapPerConn) : "n/a");
        }

        /** Live heap in KB after a full GC: jcmd for a JVM, the Node server's /stats otherwise; -1 if unknown. */
        static long liveHeapKb(long pid, String jvm, String statsUrl) {
            try {
                if ("true".equals(jvm)) {
                    jcmd(pid, "GC.run");
                    String info = jcmd(pid, "GC.heap_info");
                    Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
                    return m.find() ? Long.parseLong(m.group(1)) : -1;
                }
                if (statsUrl != null) {
                    HttpURLConnection http = (HttpURLConnection) URI.create(statsUrl).toURL().openConnection();
                    try (InputStream in = http.getInputStream()) {
                        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        Matcher heap = Pattern.compile("\"heapUsed\":(\\d+)").matcher(body);
                        Matcher ext = Pattern.compile("\"external\":(\\d+)").matcher(body);
                        if (heap.find() && ext.find()) {
                            return (Long.parseLong(heap.group(1)) + Long.parseLong(ext.group(1))) / 1024;
                        }
                    }
                }
            } catch (Exception e) {
                log("live heap: %s", e);
            }
            return -1;
        }

        static String jcmd(long pid, String... command) {
            try {
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
                cmd.add(Long.toString(pid));
                cmd.addAll(List.of(command));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return output;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Idle connections

    static final class IdleClient {
        /** Child process mode: open, print READY ok failed seconds, hold until stdin closes, close. */
        static void runChild(String url, int count) throws Exception {
            URI uri = URI.create(url);
            hold(uri, uri.getRawPath(), count, () -> {
                try {
                    InputStream in = System.in;
                    while (in.read() >= 0) {
                        // hold until the parent closes our stdin
                    }
                } catch (IOException ignored) {
                    // parent gone
                }
            });
        }

        /** Opens count connections (at most 256 handshakes at once); holds them while waiter runs, if any. */
        static void hold(URI base, String path, int count, Runnable waiter) throws Exception {
            int[] lost = new int[1];
            Handler h = new Handler() {
                @Override
                public void onMessage(Conn c, ByteBuffer buf, int off, int len, boolean text) {
                }

                @Override
                public void onClose(Conn c, int code, String why) {
                    if (code != -1) {
                        lost[0]++;
                    }
                }
            };
            try (Engine e = Engine.forUrl(base)) {
                long t0 = System.nanoTime();
                int started = 0;
                long deadline = t0 + 120_000_000_000L;
                while (e.opened + e.failedHandshakes < count && System.nanoTime() < deadline) {
                    while (started < count && started - e.opened - e.failedHandshakes < 256) {
                        e.connect(path, null, h, 512, false);
                        started++;
                    }
                    e.poll(5);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (waiter == null) {
                    e.closeAll(5000);
                    return;
                }
                System.out.printf(Locale.ROOT, "READY %d %d %.2f%n", e.opened, count - e.opened, seconds);
                System.out.flush();
                Thread wait = new Thread(waiter);
                wait.setDaemon(true);
                wait.start();
                while (wait.isAlive()) {
                    e.poll(100); // answers pings, notices closes
                }
                int closedWhileHeld = lost[0];
                e.closeAll(10000);
                System.out.printf("[idle-client] held %d connections; %d closed by the server while held%n", e.opened,
                        closedWhileHeld);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The calibration server: the least a WebSocket echo server can do

    static final class RawEchoServer {
        /**
         * Echoes every frame. By default each echoed frame is its own write, as Tomcat and ws send each
         * message; "batched" answers everything one read brought in with a single write.
         */
        static void run(int port, boolean batched) throws Exception {
            Selector selector = Selector.open();
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("raw NIO echo server on 127.0.0.1:" + port + (batched ? ", batched writes" : ", one write per message"));
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer outBuf = ByteBuffer.allocateDirect(1 << 20);
            while (true) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (key.isAcceptable()) {
                            SocketChannel ch = server.accept();
                            if (ch != null) {
                                ch.configureBlocking(false);
                                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                                ch.register(selector, SelectionKey.OP_READ, new Object[] {ByteBuffer.allocateDirect(65536),
                                        Boolean.FALSE});
                            }
                            continue;
                        }
                        Object[] st = (Object[]) key.attachment();
                        ByteBuffer in = (ByteBuffer) st[0];
                        SocketChannel ch = (SocketChannel) key.channel();
                        if (ch.read(in) < 0) {
                            key.cancel();
                            ch.close();
                            continue;
                        }
                        in.flip();
                        outBuf.clear();
                        if (st[1] == Boolean.FALSE) {
                            String head = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
                            int end = head.indexOf("\r\n\r\n");
                            if (end < 0) {
                                in.compact();
                                continue;
                            }
                            Matcher m = Pattern.compile("(?i)sec-websocket-key:\\s*(\\S+)").matcher(head);
                            m.find();
                            String accept = Base64.getEncoder().encodeToString(sha1.digest(
                                    (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                            outBuf.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            in.position(in.position() + end + 4);
                            st[1] = Boolean.TRUE;
                        }
                        boolean close = false;
                        while (in.remaining() >= 2) {
                            int p = in.position();
                            int b0 = in.get(p) & 0xff, b1 = in.get(p + 1) & 0xff;
                            int len = b1 & 0x7f, hdr = 2;
                            if (len == 126) {
                                if (in.remaining() < 4) {
                                    break;
                                }
                                len = in.getShort(p + 2) & 0xffff;
                                hdr = 4;
                            } else if (len == 127) {
                                throw new IOException("frame too large for the calibration server");
                            }
                            hdr += 4; // clients always mask
                            if (in.remaining() < hdr + len) {
                                break;
                            }
                            int mask = in.getInt(p + hdr - 4);
                            int opcode = b0 & 0x0f;
                            if (opcode == 0x8) {
                                close = true;
                            }
                            int replyOpcode = opcode == 0x9 ? 0xA : opcode;
                            if (opcode != 0xA) {
                                outBuf.put((byte) (0x80 | replyOpcode));
                                if (len < 126) {
                                    outBuf.put((byte) len);
                                } else {
                                    outBuf.put((byte) 126);
                                    outBuf.putShort((short) len);
                                }
                                for (int i = 0; i < len; i++) {
                                    outBuf.put((byte) (in.get(p + hdr + i) ^ (mask >>> (24 - 8 * (i & 3)))));
                                }
                            }
                            in.position(p + hdr + len);
                            if (!batched) {
                                writeAll(ch, outBuf);
                            }
                        }
                        in.compact();
                        writeAll(ch, outBuf);
                        if (close) {
                            key.cancel();
                            ch.close();
                        }
                    } catch (IOException e) {
                        key.cancel();
                        key.channel().close();
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    static void writeAll(SocketChannel ch, ByteBuffer outBuf) throws IOException {
        outBuf.flip();
        while (outBuf.hasRemaining()) {
            if (ch.write(outBuf) == 0) {
                Thread.onSpinWait(); // a benchmark client always reads: spinning briefly is fine
            }
        }
        outBuf.clear();
    }

    // ------------------------------------------------------------------------------------------
    // The table

    static final class Table {
        /** field "cpu" is derived: server CPU microseconds per message (or per delivery). */
        record Row(String label, String key, String field) {
        }

        /** A rate measured while the server used less than this % of its core is marked with " *". */
        static final double BUSY_BELOW = 85;

        static final List<Row> ROWS = List.of(
                new Row("echo 1 conn x16 in flight (msg/s)", "echo-1", "rate"),
                new Row("echo 10 conns x16 in flight (msg/s)", "echo-10", "rate"),
                new Row("echo 100 conns x16 in flight (msg/s)", "echo-100", "rate"),
                new Row("  server CPU per message (us)", "echo-100", "cpu"),
                new Row("  RTT p50 (us)", "echo-100", "p50us"),
                new Row("  RTT p99 (us)", "echo-100", "p99us"),
                new Row("echo RTT 1 conn x1 in flight: p50 (us)", "latency", "p50us"),
                new Row("echo RTT 1 conn x1 in flight: p99 (us)", "latency", "p99us"),
                new Row("broadcast to 100 subs (deliveries/s)", "bcast-100", "rate"),
                new Row("  server CPU per delivery (us)", "bcast-100", "cpu"),
                new Row("  publish-to-deliver p50 (us)", "bcast-100", "p50us"),
                new Row("  publish-to-deliver p99 (us)", "bcast-100", "p99us"),
                new Row("  lost messages", "bcast-100", "lost"),
                new Row("broadcast to 1000 subs (deliveries/s)", "bcast-1000", "rate"),
                new Row("  server CPU per delivery (us)", "bcast-1000", "cpu"),
                new Row("  publish-to-deliver p50 (us)", "bcast-1000", "p50us"),
                new Row("  publish-to-deliver p99 (us)", "bcast-1000", "p99us"),
                new Row("  lost messages", "bcast-1000", "lost"),
                new Row("broadcast 1000 subs, json (deliveries/s)", "bcastjson-1000", "rate"),
                new Row("  server CPU per delivery (us)", "bcastjson-1000", "cpu"),
                new Row("  publish-to-deliver p99 (us)", "bcastjson-1000", "p99us"),
                new Row("  lost messages", "bcastjson-1000", "lost"),
                new Row("idle connections held", "idle", "count"),
                new Row("  server RSS per connection (KB)", "idle", "kbPerConn"),
                new Row("  live heap per connection (KB)", "idle", "heapKbPerConn"),
                new Row("  connection setup (conn/s)", "idle", "connectRate"));

        /** files: switchboard, node, then calibration servers (named by their result's "name"). */
        static void print(String[] files, PrintStream out) throws IOException {
            List<Properties> results = new ArrayList<>();
            for (String f : files) {
                results.add(load(f));
            }
            List<String> head = new ArrayList<>(List.of("scenario", "Switchboard", "Node ws", "SB/Node"));
            for (int i = 2; i < results.size(); i++) {
                head.add(results.get(i).getProperty("label", "calibration " + (i - 1)));
            }
            head.add("cpu% srv/gen: SB");
            head.add("Node");
            for (int i = 2; i < results.size(); i++) {
                head.add(results.get(i).getProperty("name", "calib " + (i - 1)));
            }
            List<String[]> lines = new ArrayList<>();
            for (Row row : ROWS) {
                List<String> cells = new ArrayList<>();
                cells.add(row.label);
                boolean any = false;
                for (int i = 0; i < results.size(); i++) {
                    String v = value(results.get(i), row);
                    any |= !v.equals("-");
                    cells.add(v);
                    if (i == 1) {
                        cells.add(ratio(results.get(0), results.get(1), row));
                    }
                }
                if (!any) {
                    continue;
                }
                for (Properties p : results) {
                    cells.add(cpu(p, row));
                }
                lines.add(cells.toArray(new String[0]));
            }
            String[] header = head.toArray(new String[0]);
            int[] width = new int[header.length];
            List<String[]> all = new ArrayList<>(lines);
            all.add(header);
            for (String[] l : all) {
                for (int i = 0; i < l.length; i++) {
                    width[i] = Math.max(width[i], l[i].length());
                }
            }
            StringBuilder sep = new StringBuilder("|");
            for (int i = 0; i < width.length; i++) {
                sep.append(i == 0 ? "-".repeat(width[i] + 2) : "-".repeat(width[i] + 1) + ":").append('|');
            }
            out.println(format(header, width));
            out.println(sep);
            for (String[] l : lines) {
                out.println(format(l, width));
            }
            out.printf("* the server used under %.0f%% of its core during this measurement: either it was waiting (on the%n"
                    + "  client, on latency) or the shared machine did not give it the core; the rate is then not its capacity,%n"
                    + "  but the CPU per message still compares.%n", BUSY_BELOW);
        }

        static String format(String[] cells, int[] width) {
            StringBuilder b = new StringBuilder("|");
            for (int i = 0; i < cells.length; i++) {
                String cell = cells[i];
                String pad = " ".repeat(width[i] - cell.length());
                b.append(' ').append(i == 0 ? cell + pad : pad + cell).append(" |");
            }
            return b.toString();
        }

        static Properties load(String file) throws IOException {
            Properties p = new Properties();
            if (file != null && !file.equals("-") && Files.exists(Path.of(file))) {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    p.load(in);
                }
            }
            return p;
        }

        static double number(Properties p, Row row) {
            if (row.field.equals("cpu")) {
                String srv = p.getProperty(row.key + ".srvcpu"), rate = p.getProperty(row.key + ".rate");
                if (srv == null || rate == null || Double.parseDouble(rate) == 0) {
                    return Double.NaN;
                }
                return Double.parseDouble(srv) * 1e4 / Double.parseDouble(rate);
            }
            String v = p.getProperty(row.key + "." + row.field);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }

        static String value(Properties p, Row row) {
            double d = number(p, row);
            if (Double.isNaN(d)) {
                return "-";
            }
            String s;
            if (row.field.equals("count")) {
                s = String.format("%,d of %,d", (long) d, Long.parseLong(p.getProperty("idle.requested", "0")));
            } else if (Math.abs(d) >= 100 || d == Math.rint(d)) {
                s = String.format("%,d", Math.round(d));
            } else {
                s = String.format(Locale.ROOT, "%.1f", d);
            }
            if (row.key.startsWith("bcast") && "true".equals(p.getProperty(row.key + ".stalled"))
                    && row.field.equals("rate")) {
                s += " STALLED";
            }
            String srv = p.getProperty(row.key + ".srvcpu");
            if (row.field.equals("rate") && srv != null && Double.parseDouble(srv) < BUSY_BELOW) {
                s += " *"; // the server did not get (or need) a whole core: not its capacity
            }
            return s;
        }

        static String ratio(Properties a, Properties b, Row row) {
            if (row.field.equals("lost") || row.field.equals("count")) {
                return "";
            }
            double x = number(a, row), y = number(b, row);
            if (Double.isNaN(x) || Double.isNaN(y) || y == 0) {
                return "";
            }
            return String.format(Locale.ROOT, "%.2fx", x / y);
        }

        static String cpu(Properties p, Row row) {
            if (!row.field.equals("rate")) {
                return "";
            }
            String s = p.getProperty(row.key + ".srvcpu"), g = p.getProperty(row.key + ".gencpu");
            return s == null ? "" : s + "/" + g;
        }
    }

    // ------------------------------------------------------------------------------------------
    // JFR summary: where the server spent its CPU

    static final class JfrTop {
        static void print(Path file, int top) throws IOException {
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> inclusive = new HashMap<>();
            Map<String, Integer> byArea = new HashMap<>();
            Map<String, Integer> nativeTop = new HashMap<>();
            int samples = 0, nativeSamples = 0;
            try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(file)) {
                while (rf.hasMoreEvents()) {
                    jdk.jfr.consumer.RecordedEvent ev = rf.readEvent();
                    String type = ev.getEventType().getName();
                    jdk.jfr.consumer.RecordedStackTrace st = ev.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    if (type.equals("jdk.NativeMethodSample")) {
                        nativeSamples++;
                        nativeTop.merge(frame(st.getFrames().get(0)), 1, Integer::sum);
                        continue;
                    }
                    if (!type.equals("jdk.ExecutionSample")) {
                        continue;
                    }
                    samples++;
                    self.merge(frame(st.getFrames().get(0)), 1, Integer::sum);
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    String area = null;
                    for (jdk.jfr.consumer.RecordedFrame f : st.getFrames()) {
                        String name = frame(f);
                        if (seen.add(name)) {
                            inclusive.merge(name, 1, Integer::sum);
                        }
                        if (area == null) {
                            area = area(f.getMethod().getType().getName());
                        }
                    }
                    byArea.merge(area == null ? "other" : area, 1, Integer::sum);
                }
            }
            System.out.printf("%d execution samples (threads running Java code), %d native-method samples%n", samples,
                    nativeSamples);
            dump("top frames by self time (leaf frame of each sample)", self, samples, top);
            dump("self time by area (first frame whose class is in a known area)", byArea, samples, 20);
            dump("top frames by inclusive time", inclusive, samples, top);
            dump("native-method samples (threads blocked or in native code), top frame", nativeTop, nativeSamples, 10);
        }

        static String frame(jdk.jfr.consumer.RecordedFrame f) {
            return f.getMethod().getType().getName() + "." + f.getMethod().getName();
        }

        static String area(String cls) {
            if (cls.startsWith("dev.switchboard")) {
                return "switchboard";
            }
            if (cls.startsWith("org.apache.tomcat.websocket")) {
                return "tomcat websocket";
            }
            if (cls.startsWith("org.apache.tomcat.util.buf")) {
                return "tomcat utf-8 codec";
            }
            if (cls.startsWith("org.apache.tomcat.util.net") || cls.startsWith("org.apache.coyote")) {
                return "tomcat connector";
            }
            if (cls.startsWith("org.apache")) {
                return "tomcat other";
            }
            if (cls.startsWith("com.fasterxml")) {
                return "jackson";
            }
            if (cls.startsWith("sun.nio") || cls.startsWith("java.nio") || cls.startsWith("sun.net")) {
                return "jdk nio";
            }
            if (cls.startsWith("java.util.concurrent") || cls.startsWith("jdk.internal.misc")) {
                return "jdk concurrency";
            }
            if (cls.startsWith("java.lang.String") || cls.startsWith("java.lang.StringLatin1")
                    || cls.startsWith("java.lang.StringUTF16") || cls.startsWith("sun.nio.cs")) {
                return "jdk strings/charsets";
            }
            return null;
        }

        static void dump(String title, Map<String, Integer> counts, int total, int top) {
            System.out.println();
            System.out.println(title + ":");
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                    .forEach(e -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                            e.getValue(), e.getKey()));
        }
    }
}
