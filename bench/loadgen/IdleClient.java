package loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;

/** {@code LoadGen idle-client}: opens connections that never send and holds them until told to close. */
final class IdleClient {

    private IdleClient() {
    }
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
            public void onMessage(Connection c, ByteBuffer buf, int off, int len, boolean text) {
            }

            @Override
            public void onClose(Connection c, int code, String why) {
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
                    e.connect(path, null, h, null, 512, false);
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
