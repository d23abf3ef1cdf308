package loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import static loadgen.Payload.getHex;
import static loadgen.Payload.putHex;
import static loadgen.Report.log;
import static loadgen.Report.round1;

/**
 * Echo: every connection keeps {@code window} messages of 32 bytes in flight, sending a new one for
 * each echo; counts echoes per second inside the measurement window, checks each echo's sequence
 * number, and samples the round trip of each.
 */
final class EchoScenario {

    /** One connection's sequence numbers: the next to send, and the next its echoes must carry. */
    private static final class Flow {
        long nextSent;
        long nextExpected;
    }

    private EchoScenario() {
    }

    static Map<String, Object> run(URI base, String path, long pid, int conns, int window, double warm,
            double measure, Runnable atMeasureStart, String label) throws Exception {
        final long[] counts = new long[3]; // received in window, errors, in flight
        final long[] window0 = new long[2]; // measurement start, end
        window0[0] = Long.MAX_VALUE;
        window0[1] = Long.MAX_VALUE;
        Samples rtt = new Samples();
        byte[] payload = new byte[32];
        Handler h = new Handler() {
            void send(Connection c) {
                putHex(payload, 0, ((Flow) c.attachment).nextSent++);
                putHex(payload, 16, System.nanoTime());
                c.sendText(payload, 0, 32);
                counts[2]++;
            }

            @Override
            public void onOpen(Connection c) {
                for (int i = 0; i < window; i++) {
                    send(c);
                }
            }

            @Override
            public void onMessage(Connection c, ByteBuffer buf, int off, int len, boolean text) {
                long now = System.nanoTime();
                counts[2]--;
                long seq = len == 32 ? getHex(buf, off) : -1;
                if (seq != ((Flow) c.attachment).nextExpected++) {
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
                e.connect(path, null, h, new Flow(), 16384, true);
            }
            e.runUntil(System.nanoTime() + 10_000_000_000L, () -> e.opened + e.failedHandshakes == conns);
            if (e.opened != conns) {
                throw new IOException(label + ": only " + e.opened + " of " + conns + " connections opened: "
                        + e.firstFailure());
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
}
