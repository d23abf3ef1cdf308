package loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code LoadGen container-table}: one Markdown table of the same scenarios on many servers, a column
 * per server (Node ws first, then the containers), with rows "× ws" and "× Tomcat 10.1" under the
 * headline numbers. A server that did not start, or a scenario that failed on it, shows as FAILED in
 * its cells, with the reason under the table: a row is never left out.
 */
final class ContainerTable {

    /** The references for the ratio rows: the Node peer, and the run command's container. */
    static final String PEER = "node";
    static final String REFERENCE = "tomcat";

    /** Rows with ratio rows under them. */
    static final List<String> RATIOS = List.of("echo-1.rate", "echo-10.rate", "echo-100.rate", "echo-100.cpu",
            "echo-100.p99us", "latency.p50us", "bcast-100.rate", "bcast-1000.rate", "bcast-1000.cpu",
            "bcastjson-1000.rate", "idle.kbPerConn", "idle.connectRate");

    private ContainerTable() {
    }

    /** files: one per server, in column order; a missing file is a server that never ran. */
    static void print(String[] files, PrintStream out) throws IOException {
        List<Properties> servers = new ArrayList<>();
        for (String f : files) {
            Properties p = Table.load(f);
            if (p.isEmpty()) { // the server never got as far as writing a result: named by its file
                p.setProperty("label", Path.of(f).getFileName().toString().replaceFirst("\\.properties$", ""));
            }
            servers.add(p);
        }
        Properties ws = named(servers, PEER);
        Properties reference = named(servers, REFERENCE);
        List<String[]> lines = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("scenario"));
        for (Properties p : servers) {
            head.add(p.getProperty("label", p.getProperty("name", "?")));
        }
        lines.add(status(servers));
        for (Table.Row row : Table.ROWS) {
            List<String> cells = new ArrayList<>(List.of(row.label()));
            boolean any = false;
            for (Properties p : servers) {
                String v = cell(p, row);
                any |= !v.equals("-");
                cells.add(v);
            }
            if (!any) {
                continue;
            }
            lines.add(cells.toArray(new String[0]));
            if (row.field().equals("rate")) {
                lines.add(cpuRow(servers, row));
            }
            if (RATIOS.contains(row.key() + "." + row.field())) {
                if (ws != null) {
                    addRatioRow(lines, "    x ws", servers, ws, row);
                }
                if (reference != null) {
                    addRatioRow(lines, "    x " + reference.getProperty("label", REFERENCE), servers, reference, row);
                }
            }
        }
        Table.printTable(out, head, lines);
        out.printf("* the server used under %.0f%% of its core during this measurement (cpu%% row: server/generator, %% of%n"
                + "  one core): it was waiting, or the shared machine did not give it the core; the rate is then not its%n"
                + "  capacity, the CPU per message still compares. x ws, x Tomcat: this column's value divided by theirs.%n",
                Table.BUSY_BELOW);
        for (Properties p : servers) {
            for (String key : p.stringPropertyNames().stream().sorted().toList()) {
                if (key.endsWith("error")) {
                    out.printf("FAILED %s, %s: %s%n", p.getProperty("label", p.getProperty("name")),
                            key.equals("error") ? "start" : key.substring(0, key.length() - ".error".length()),
                            p.getProperty(key));
                }
            }
        }
    }

    private static Properties named(List<Properties> servers, String name) {
        return servers.stream().filter(p -> name.equals(p.getProperty("name"))).findFirst().orElse(null);
    }

    private static String[] status(List<Properties> servers) {
        List<String> cells = new ArrayList<>(List.of("server"));
        for (Properties p : servers) {
            if (p.getProperty("error") != null) {
                cells.add("FAILED to start");
            } else if (p.stringPropertyNames().stream().anyMatch(k -> k.endsWith(".error"))) {
                cells.add("ran, with failures");
            } else if (p.getProperty("name") == null) {
                cells.add("no result");
            } else {
                cells.add("ran");
            }
        }
        return cells.toArray(new String[0]);
    }

    private static String cell(Properties p, Table.Row row) {
        if (p.getProperty("error") != null || p.getProperty(row.key() + ".error") != null) {
            return "FAILED";
        }
        return Table.value(p, row);
    }

    private static String[] cpuRow(List<Properties> servers, Table.Row row) {
        List<String> cells = new ArrayList<>(List.of("    cpu% srv/gen"));
        for (Properties p : servers) {
            cells.add(Table.cpu(p, row));
        }
        return cells.toArray(new String[0]);
    }

    /** The ratio row, or none when no server has a value to compare (ws has no json broadcast). */
    private static void addRatioRow(List<String[]> lines, String label, List<Properties> servers, Properties against,
            Table.Row row) {
        String[] cells = ratioRow(label, servers, against, row);
        for (int i = 1; i < cells.length; i++) {
            if (!cells[i].isEmpty()) {
                lines.add(cells);
                return;
            }
        }
    }

    private static String[] ratioRow(String label, List<Properties> servers, Properties against, Table.Row row) {
        List<String> cells = new ArrayList<>(List.of(label));
        for (Properties p : servers) {
            double x = Table.number(p, row), y = Table.number(against, row);
            boolean failed = p.getProperty("error") != null || p.getProperty(row.key() + ".error") != null;
            cells.add(failed || Double.isNaN(x) || Double.isNaN(y) || y == 0 ? ""
                    : String.format(Locale.ROOT, "%.2f", x / y));
        }
        return cells.toArray(new String[0]);
    }
}
