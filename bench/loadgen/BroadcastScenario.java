package loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static loadgen.Payload.getHex;
import static loadgen.Payload.putHex;
import static loadgen.Report.log;
import static loadgen.Report.round1;

/**
 * Broadcast: one publisher and {@code subs} subscribers on one channel, {@code window} messages in
 * flight through the whole fan-out (the next is published when one has reached every subscriber).
 * Counts deliveries per second, publish-to-deliver latency, gaps (lost), disorder, and for json
 * subscribers the server's dropped and rate-limited notices.
 */
final class BroadcastScenario {

    /** One subscriber: the next seq it expects, and whether a sync probe has reached it. */
    private static final class Subscriber {
        long nextSeq;
        boolean synced;
    }

    private BroadcastScenario() {
    }

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

    static Map<String, Object> run(URI base, String path, String protocol, long pid, int subs, int window,
            double warm, double measure) throws Exception {
        return run(base, path, protocol, pid, subs, window, warm, measure, null);
    }

    static Map<String, Object> run(URI base, String path, String protocol, long pid, int subs, int window,
            double warm, double measure, Runnable atMeasureStart) throws Exception {
        boolean json = "json".equals(protocol);
        // counters: 0 deliveries in window, 1 lost (gaps), 2 synced subscribers, 3 next seq to publish,
        // 4 oldest seq not yet delivered everywhere, 5 out-of-order/duplicates, 6 dropped notices, 7 rate-limited
        final long[] n = new long[8];
        final int[] pending = new int[window];
        final long[] time = {Long.MAX_VALUE, Long.MAX_VALUE, System.nanoTime()}; // window start, end, last progress
        Samples latency = new Samples();
        byte[] payload = new byte[32];
        final Connection[] publisher = new Connection[1];
        final boolean[] publishing = new boolean[1];
        Runnable publish = () -> {
            long seq = n[3]++;
            putHex(payload, 0, seq);
            putHex(payload, 16, System.nanoTime());
            publisher[0].sendText(payload, 0, 32);
        };
        Handler sub = new Handler() {
            @Override
            public void onMessage(Connection c, ByteBuffer buf, int off, int len, boolean text) {
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
                Subscriber s = (Subscriber) c.attachment;
                if (buf.get(at) == 'P') { // a sync probe
                    if (!s.synced) {
                        s.synced = true;
                        n[2]++;
                    }
                    return;
                }
                long seq = getHex(buf, at);
                if (seq < s.nextSeq) {
                    n[5]++;
                    return;
                }
                if (seq > s.nextSeq) {
                    n[1] += seq - s.nextSeq;
                }
                s.nextSeq = seq + 1;
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
                e.connect(path, protocol, sub, new Subscriber(), 8192, true);
                if (i % 200 == 199) {
                    e.poll(0);
                }
            }
            publisher[0] = e.connect(path, protocol, pub, null, 8192, true);
            e.runUntil(System.nanoTime() + 20_000_000_000L, () -> e.opened + e.failedHandshakes == subs + 1);
            if (e.opened != subs + 1) {
                throw new IOException("broadcast: only " + e.opened + " of " + (subs + 1)
                        + " connections opened: " + e.firstFailure());
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
                        + e.closed + " " + e.firstFailure());
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
            for (Connection c : e.conns) {
                if (c.attachment instanceof Subscriber s) {
                    lost += n[3] - s.nextSeq; // never arrived
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
}
