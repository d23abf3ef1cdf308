package loadgen;

import java.util.Arrays;

/** Latency samples in nanoseconds, for percentiles; a uniform sample once there are very many. */
final class Samples {

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
