package loadgen;

/** The generator's log lines and the rounding of the numbers it records. */
final class Report {

    private Report() {
    }

    static void log(String format, Object... args) {
        System.out.printf("[loadgen] " + format + "%n", args);
        System.out.flush();
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
