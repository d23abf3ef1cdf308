package loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** {@code LoadGen table}: one Markdown table from the suites' result files. */
final class Table {

    private Table() {
    }
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
        printTable(out, head, lines);
        out.printf("* the server used under %.0f%% of its core during this measurement: either it was waiting (on the%n"
                + "  client, on latency) or the shared machine did not give it the core; the rate is then not its capacity,%n"
                + "  but the CPU per message still compares.%n", BUSY_BELOW);
    }

    /** A markdown table: the first column left-aligned, the others right-aligned, each as wide as its widest cell. */
    static void printTable(PrintStream out, List<String> head, List<String[]> lines) {
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
