import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switchboard's soak: minutes of churn against one running node, sampled every few seconds, with a
 * verdict. JDK only (java.net.http's WebSocket and bare sockets); run with {@code java Soak.java}.
 *
 * <p>Churn: chat clients joining and leaving five rooms and chatting under the rate limit; broadcast
 * subscribers coming and going on three channels while publishers publish under the limits; echo
 * and hello clients; subscribers that stop reading for a while and then vanish with a TCP reset;
 * connections reset in the middle of a frame or of the handshake.
 *
 * <p>Samples (CSV): RSS and threads of the server process, heap after a full GC ({@code jcmd}),
 * open sessions ({@code /health}), messages out and drops ({@code /metrics}).
 *
 * <p>Fails (exit 1) when heap after GC, RSS or threads keep growing instead of levelling off (the
 * last third of the run above the middle third by more than a margin), when the open sessions do
 * not return to the baseline after the churn stops, or on any close code the churn did not ask for.
 *
 * <pre>java bench/soak/Soak.java --base http://127.0.0.1:8080/switchboard --pid PID --minutes 2 --out DIR</pre>
 */
public final class Soak {

    private static final Pattern METRIC = Pattern.compile("(?m)^(switchboard_[a-z_]+)\\{([^}]*)\\} (\\S+)$");

    private final URI http;
    private final URI ws;
    private final long pid;
    private final Duration length;
    private final Path out;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService churn = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "soak-churn");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random();
    private final Map<String, Occurrences> unexpected = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    /** Handshakes that failed or timed out: reported, and a failure past 1% of the connections opened. */
    private final Map<String, Occurrences> connectFailures = new ConcurrentHashMap<>();

    /** How often something unexpected happened, and when (seconds into the run). */
    private static final class Occurrences {
        int count;
        long first = Long.MAX_VALUE;
        long last;

        synchronized void add(long second) {
            count++;
            first = Math.min(first, second);
            last = Math.max(last, second);
        }

        @Override
        public synchronized String toString() {
            return count + " x, at " + first + (last > first ? "-" + last : "") + " s";
        }
    }

    private void unexpected(String what) {
        unexpected.computeIfAbsent(what, k -> new Occurrences()).add((System.nanoTime() - startNanos) / 1_000_000_000L);
    }
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final List<double[]> samples = new ArrayList<>(); // seconds, rss MB, heap MB, threads, sessions
    private volatile boolean running = true;

    private Soak(URI http, long pid, Duration length, Path out) {
        this.http = URI.create(http.toString().replaceFirst("/?$", "/"));
        this.ws = URI.create(this.http.toString().replaceFirst("^http", "ws"));
        this.pid = pid;
        this.length = length;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Soak soak = new Soak(URI.create(options.getOrDefault("base", "http://127.0.0.1:8080/switchboard")),
                Long.parseLong(options.get("pid")),
                Duration.ofSeconds((long) (Double.parseDouble(options.getOrDefault("minutes", "2")) * 60)),
                Path.of(options.getOrDefault("out", "bench/target/soak")));
        boolean passed = false;
        try {
            passed = soak.run();
        } finally {
            System.exit(passed ? 0 : 1);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Churn

    /** A WebSocket client that records any close the churn did not ask for. */
    private final class Client implements WebSocket.Listener {
        final String path;
        final int expectedClose; // what the server may close with: 0 = nothing (we close)
        volatile boolean closingOurselves;
        volatile WebSocket socket;

        Client(String path, int expectedClose) {
            this.path = path;
            this.expectedClose = expectedClose;
        }

        CompletableFuture<WebSocket> open(String... subprotocols) {
            WebSocket.Builder builder = client.newWebSocketBuilder().header("Origin", "http://localhost")
                    .connectTimeout(Duration.ofSeconds(10));
            if (subprotocols.length > 0) {
                builder.subprotocols(subprotocols[0]);
            }
            return builder.buildAsync(ws.resolve(path), this).whenComplete((socket, error) -> {
                if (error != null) {
                    if (running) {
                        connectFailures.computeIfAbsent(rootMessage(error), k -> new Occurrences())
                                .add((System.nanoTime() - startNanos) / 1_000_000_000L);
                    }
                } else {
                    this.socket = socket;
                    opened.incrementAndGet();
                }
            });
        }

        void send(String text) {
            WebSocket socket = this.socket;
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendText(text, true);
            }
        }

        void close() {
            WebSocket socket = this.socket;
            if (socket != null && !socket.isOutputClosed()) {
                closingOurselves = true;
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            boolean expected = closingOurselves && statusCode == 1000
                    || statusCode == expectedClose
                    || !running && statusCode == 1001;
            if (!expected) {
                unexpected(path.replaceAll("/.*", "") + " closed " + statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (running && !closingOurselves) {
                unexpected(path.replaceAll("/.*", "") + " error: " + rootMessage(error));
            }
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    private void later(long millis, Runnable task) {
        churn.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                unexpected("churn: " + rootMessage(e));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** A chat member: joins, posts a few messages at 2/s, renames once, leaves after a few seconds. */
    private void chatter() {
        Client chat = new Client("chat/soak-" + random.nextInt(5), 0);
        chat.open("json").thenRun(() -> {
            chat.send("{\"type\":\"username\",\"name\":\"soak" + random.nextInt(1000) + "\"}");
            int messages = 2 + random.nextInt(8);
            for (int i = 0; i < messages; i++) {
                int n = i;
                later(500L * (i + 1), () -> chat.send("{\"type\":\"message\",\"text\":\"soak " + n + "\"}"));
            }
            later(500L * (messages + 1) + random.nextInt(3000), chat::close);
        });
    }

    /** A broadcast subscriber that stays a while; some publish (at most 4/s, under the 20/s limit). */
    private void subscriber() {
        Client subscriber = new Client("broadcast/soak-" + random.nextInt(3), 0);
        boolean publishes = random.nextInt(3) == 0;
        subscriber.open(random.nextBoolean() ? "json" : "text").thenRun(() -> {
            long stay = 2_000 + random.nextInt(10_000);
            if (publishes) {
                for (long at = 250; at < stay; at += 250) {
                    later(at, () -> subscriber.send("soak " + "x".repeat(random.nextInt(2000))));
                }
            }
            later(stay, subscriber::close);
        });
    }

    private void echoer() {
        Client echo = new Client("echo", 0);
        echo.open().thenRun(() -> {
            for (int i = 0; i < 5; i++) {
                echo.send("echo " + "y".repeat(random.nextInt(5000)));
            }
            later(1_000 + random.nextInt(2_000), echo::close);
        });
    }

    /** Greeted, then closed by the server with 1000 "Bye!" after its close delay. */
    private void greeter() {
        Client hello = new Client("hello", 1000);
        hello.open().thenRun(() -> hello.send("soak"));
    }

    /** A subscriber that never reads, then vanishes with a TCP reset: the server must let it go. */
    private void staller() {
        rawThen("broadcast/soak-" + random.nextInt(3), 5_000 + random.nextInt(15_000), false);
    }

    /** A connection reset in the middle of a frame (or, one time in three, of the handshake). */
    private void resetter() {
        if (random.nextInt(3) == 0) {
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5_000);
                socket.getOutputStream().write(("GET " + http.getPath() + "echo HTTP/1.1\r\nHost: x\r\nUpg")
                        .getBytes(StandardCharsets.US_ASCII));
                reset(socket);
            } catch (IOException e) {
                unexpected("reset: " + rootMessage(e));
            }
        } else {
            rawThen(List.of("echo", "chat/soak-0", "broadcast/soak-1", "hello").get(random.nextInt(4)), 200, true);
        }
    }

    private void rawThen(String path, long resetAfterMillis, boolean midFrame) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5_000);
            byte[] key = new byte[16];
            random.nextBytes(key);
            String request = "GET " + http.getPath() + path + " HTTP/1.1\r\nHost: " + http.getHost() + ":" + http.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost\r\n"
                    + "Sec-WebSocket-Protocol: json\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            opened.incrementAndGet();
            if (midFrame) {
                // as a browser does, only after the 101: frame bytes pipelined behind the upgrade request
                // and then reset park a Payara worker for good (README, "Container deviations")
                socket.setSoTimeout(10_000);
                java.io.InputStream in = socket.getInputStream();
                for (int matched = 0, c; matched < 4 && (c = in.read()) >= 0; ) {
                    matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
                }
                socket.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0xFE, 0x10, 0x00, 1, 2, 3, 4, 'h', 'a'});
            }
            later(resetAfterMillis, () -> reset(socket));
        } catch (IOException e) {
            unexpected("raw connect: " + rootMessage(e));
        }
    }

    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
            resets.incrementAndGet();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ------------------------------------------------------------------------------------------
    // Samples

    private String get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(http.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int sessions() throws IOException, InterruptedException {
        Matcher matcher = Pattern.compile("\"connections\"\\s*:\\s*(\\d+)").matcher(get("health"));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private double metric(String text, String name, String label) {
        double sum = 0;
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(name) && matcher.group(2).contains(label)) {
                sum += Double.parseDouble(matcher.group(3));
            }
        }
        return sum;
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private double heapAfterGcMb() throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher matcher = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private double[] sample(long startNanos, PrintStream csv) throws IOException, InterruptedException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rss = status("VmRSS") / 1024.0;
        double threads = status("Threads");
        double heap = heapAfterGcMb();
        int sessions = sessions();
        String metrics = get("metrics");
        double out = metric(metrics, "switchboard_messages_out_total", "");
        double dropped = metric(metrics, "switchboard_dropped_total", "");
        csv.printf("%.0f,%.1f,%.1f,%.0f,%d,%.0f,%.0f,%d,%d%n", seconds, rss, heap, threads, sessions, out, dropped,
                opened.get(), resets.get());
        csv.flush();
        return new double[] {seconds, rss, heap, threads, sessions};
    }

    // ------------------------------------------------------------------------------------------
    // The run and its verdict

    private boolean run() throws Exception {
        Files.createDirectories(out);
        int baseline = sessions();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        churn.scheduleAtFixedRate(() -> { if (running) chatter(); }, 0, 300, TimeUnit.MILLISECONDS);
        churn.scheduleAtFixedRate(() -> { if (running) subscriber(); }, 50, 300, TimeUnit.MILLISECONDS);
        churn.scheduleAtFixedRate(() -> { if (running) echoer(); }, 100, 700, TimeUnit.MILLISECONDS);
        churn.scheduleAtFixedRate(() -> { if (running) greeter(); }, 150, 1000, TimeUnit.MILLISECONDS);
        churn.scheduleAtFixedRate(() -> { if (running) staller(); }, 200, 3000, TimeUnit.MILLISECONDS);
        churn.scheduleAtFixedRate(() -> { if (running) resetter(); }, 250, 500, TimeUnit.MILLISECONDS);
        try (PrintStream csv = new PrintStream(Files.newOutputStream(out.resolve("samples.csv")), true, StandardCharsets.UTF_8)) {
            csv.println("seconds,rss_mb,heap_after_gc_mb,threads,sessions,messages_out,messages_dropped,opened,resets");
            while (System.nanoTime() < end) {
                try {
                    samples.add(sample(start, csv));
                } catch (IOException e) { // a node that stops answering is a finding, not the end of the soak
                    unexpected("sample failed: " + rootMessage(e));
                    System.out.println("soak: sample failed at " + (System.nanoTime() - start) / 1_000_000_000L + " s: " + e);
                }
                Thread.sleep(5_000);
            }
            running = false;
            System.out.println("soak: churn stopped after " + length.toSeconds() + " s; " + opened.get()
                    + " connections opened, " + resets.get() + " reset; waiting for sessions to return to " + baseline);
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int sessions = -1;
            while (sessions != baseline && System.nanoTime() < drainDeadline) {
                try {
                    sessions = sessions();
                } catch (IOException e) {
                    sessions = -1;
                }
                if (sessions != baseline) {
                    Thread.sleep(2_000);
                }
            }
            double[] last;
            try {
                last = sample(start, csv);
            } catch (IOException e) {
                last = new double[] {(System.nanoTime() - start) / 1e9, 0, 0, 0, sessions};
            }
            churn.shutdownNow();
            return verdict(baseline, sessions, (last[0] - length.toSeconds()));
        }
    }

    private boolean verdict(int baseline, int sessionsAfter, double drainSeconds) throws IOException {
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int n = samples.size();
        String[] names = {"", "RSS MB", "heap after GC MB", "threads"};
        double[] margins = {0, 48, 16, 16};
        if (n == 0) {
            failures.add("no sample could be taken");
        }
        for (int column = 1; column <= 3 && n > 0; column++) {
            double middle = maxOf(column, n / 3, 2 * n / 3);
            double lastThird = maxOf(column, 2 * n / 3, n);
            double slopePerHour = slope(column, n / 5, n) * 3600;
            report.append(String.format("%s: first %.1f, max of middle third %.1f, max of last third %.1f, trend after warm-up %+.1f per hour%n",
                    names[column], samples.get(0)[column], middle, lastThird, slopePerHour));
            if (n >= 6 && lastThird > middle + margins[column]) {
                failures.add(names[column] + " still growing: last third peaks at " + lastThird + ", middle third at " + middle);
            }
        }
        report.append(String.format("sessions: baseline %d, %d after the churn stopped (%.0f s to drain), peak %.0f%n",
                baseline, sessionsAfter, drainSeconds, maxOf(4, 0, n)));
        report.append("connections opened: ").append(opened.get()).append(", reset: ").append(resets.get()).append('\n');
        if (sessionsAfter != baseline) {
            failures.add((sessionsAfter - baseline) + " sessions leaked");
        }
        unexpected.forEach((what, occurrences) -> failures.add("unexpected: " + what + " (" + occurrences + ")"));
        int connectFailed = 0;
        for (Map.Entry<String, Occurrences> failure : connectFailures.entrySet()) {
            report.append("connect failed: ").append(failure.getKey()).append(" (").append(failure.getValue()).append(")\n");
            connectFailed += failure.getValue().count;
        }
        if (connectFailed > opened.get() / 100) {
            failures.add(connectFailed + " handshakes failed, over 1% of " + opened.get());
        }
        report.append(failures.isEmpty() ? "verdict: PASS\n" : "verdict: FAIL\n  " + String.join("\n  ", failures) + "\n");
        System.out.print(report);
        Files.writeString(out.resolve("summary.txt"), report);
        return failures.isEmpty();
    }

    private double maxOf(int column, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = Math.max(0, from); i < Math.min(samples.size(), to); i++) {
            max = Math.max(max, samples.get(i)[column]);
        }
        return max;
    }

    /** Least-squares slope of a column against time, per second. */
    private double slope(int column, int from, int to) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int i = Math.max(0, from); i < Math.min(samples.size(), to); i++) {
            double x = samples.get(i)[0], y = samples.get(i)[column];
            sx += x; sy += y; sxx += x * x; sxy += x * y;
            count++;
        }
        double denominator = count * sxx - sx * sx;
        return count < 2 || denominator == 0 ? 0 : (count * sxy - sx * sy) / denominator;
    }
}
