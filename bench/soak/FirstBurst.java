import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 10, defect 7: the first burst on a fresh node. 14 publishers at 18 messages/s each (16 KB
 * messages, about 4 MB/s for the channel, under every limit), one subscriber that stopped reading,
 * one that reads and counts the {@code dropped} notices it gets. Run it against a freshly started
 * server, then again once warm.
 *
 * <pre>java bench/soak/FirstBurst.java ws://127.0.0.1:8080/switchboard SECONDS</pre>
 */
public final class FirstBurst {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].replaceFirst("/?$", "/"));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong received = new AtomicLong();
        AtomicLong dropNotices = new AtomicLong();
        AtomicLong droppedFrames = new AtomicLong();
        long start = System.nanoTime();
        List<String> dropTimes = new ArrayList<>();

        // the stalled subscriber: handshake, then never read
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        stalled.getOutputStream().write(("GET " + base.getPath() + "broadcast/burst HTTP/1.1\r\nHost: " + base.getHost()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost\r\n"
                + "Sec-WebSocket-Protocol: json\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16])
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        WebSocket reader = http.newWebSocketBuilder().header("Origin", "http://localhost").subprotocols("json")
                .buildAsync(base.resolve("broadcast/burst"), new WebSocket.Listener() {
                    final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            String text = message.toString();
                            message.setLength(0);
                            if (text.startsWith("{\"type\":\"dropped\"")) {
                                dropNotices.incrementAndGet();
                                long count = Long.parseLong(text.replaceAll("[^0-9]", ""));
                                droppedFrames.addAndGet(count);
                                synchronized (dropTimes) {
                                    dropTimes.add(String.format("%.1f s: %d", (System.nanoTime() - start) / 1e9, count));
                                }
                            } else {
                                received.incrementAndGet();
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();

        String payload = "p".repeat(16 * 1024 - 10);
        List<WebSocket> publishers = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            publishers.add(http.newWebSocketBuilder().header("Origin", "http://localhost").subprotocols("text")
                    .buildAsync(base.resolve("broadcast/burst"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            webSocket.request(1);
                            return null;
                        }
                    }).join());
        }
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        AtomicLong sent = new AtomicLong();
        for (int i = 0; i < publishers.size(); i++) {
            WebSocket publisher = publishers.get(i);
            pace.scheduleAtFixedRate(() -> publisher.sendText(payload, true).join(), i * 4L, 1000 / 18, TimeUnit.MILLISECONDS);
        }
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(1000);
            System.out.printf("%3d s: received %d, dropped notices %d (%d frames)%n", s, received.get(), dropNotices.get(),
                    droppedFrames.get());
        }
        pace.shutdownNow();
        System.out.println("drops at: " + dropTimes);
        System.out.println("RESULT received=" + received.get() + " dropNotices=" + dropNotices.get() + " droppedFrames=" + droppedFrames.get());
        stalled.setSoLinger(true, 0);
        stalled.close();
        System.exit(0);
    }
}
