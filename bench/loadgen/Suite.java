package loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static loadgen.Report.log;

/**
 * {@code LoadGen suite}: runs the chosen scenarios against one server, in a fixed order (idle first,
 * on a fresh server; then a JIT warm-up, echo, latency, broadcast, broadcast-json, and optionally JFR
 * profiles), and saves the numbers to a properties file after each, for {@link Table}. With
 * {@code --keep-going} a scenario that fails is recorded as {@code KEY.error} and the next one runs,
 * so that one container's failure shows in the table instead of ending the run.
 */
final class Suite {

    /** One scenario: throws when it could not be measured (connections refused, a stalled server). */
    private interface Step {
        void run() throws Exception;
    }

    private Suite() {
    }

    private static void attempt(boolean keepGoing, Properties results, String key, Step step) throws Exception {
        try {
            step.run();
        } catch (Exception e) {
            if (!keepGoing) {
                throw e;
            }
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            results.setProperty(key + ".error", e.getClass().getSimpleName() + ": " + why);
            log("%s FAILED: %s", key, results.getProperty(key + ".error"));
        }
    }

    static void run(Options o) throws Exception {
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
        boolean keepGoing = o.values.containsKey("keep-going");
        log("%s: %s, server pid %d", name, base, pid);

        if (scenarios.contains("idle")) {
            // first, on a fresh server, so that its memory growth is the connections' own
            attempt(keepGoing, results, "idle", () -> IdleScenario.run(o, base, echoPath, pid, results));
            save.run();
        }
        if (scenarios.contains("echo") || scenarios.contains("latency")) {
            double warmup = o.number("warmup", 4.0);
            log("%s: JIT warm-up, echo with 10 connections for %.0f s", name, warmup);
            attempt(keepGoing, results, "warmup",
                    () -> EchoScenario.run(base, echoPath, pid, 10, window, 0, warmup, null, "warmup"));
        }
        if (scenarios.contains("echo")) {
            for (int conns : new int[] {1, 10, 100}) {
                attempt(keepGoing, results, "echo-" + conns, () -> {
                    Map<String, Object> r = EchoScenario.run(base, echoPath, pid, conns, window, warm, measure, null,
                            "echo-" + conns);
                    r.forEach((k, v) -> results.setProperty("echo-" + conns + "." + k, String.valueOf(v)));
                });
                save.run();
            }
        }
        if (scenarios.contains("latency")) {
            attempt(keepGoing, results, "latency", () -> {
                Map<String, Object> r = EchoScenario.run(base, echoPath, pid, 1, 1, warm, measure, null, "latency");
                r.forEach((k, v) -> results.setProperty("latency." + k, String.valueOf(v)));
            });
            save.run();
        }
        if (scenarios.contains("broadcast")) {
            String protocol = o.get("broadcast-protocol", null);
            int bwindow = o.integer("broadcast-window", 8);
            for (int subs : new int[] {100, 1000}) {
                attempt(keepGoing, results, "bcast-" + subs, () -> {
                    Map<String, Object> r = BroadcastScenario.run(base, broadcastPath + "/bench-" + subs, protocol, pid,
                            subs, bwindow, warm, measure);
                    r.forEach((k, v) -> results.setProperty("bcast-" + subs + "." + k, String.valueOf(v)));
                });
                save.run();
            }
        }
        if (scenarios.contains("broadcast-json")) {
            int bwindow = o.integer("broadcast-window", 8);
            attempt(keepGoing, results, "bcastjson-1000", () -> {
                Map<String, Object> r = BroadcastScenario.run(base, broadcastPath + "/bench-json", "json", pid, 1000,
                        bwindow, warm, measure);
                r.forEach((k, v) -> results.setProperty("bcastjson-1000." + k, String.valueOf(v)));
            });
            save.run();
        }
        if (o.values.containsKey("profile")) {
            // JFR recordings of the server (a JVM) under load: echo with 100 connections, broadcast to 1000
            double seconds = o.number("profile-seconds", 20);
            String prefix = Path.of(o.need("profile")).toAbsolutePath().toString();
            String echoJfr = prefix + "-echo100.jfr";
            log("%s: profiling echo with 100 connections for %.0f s into %s", name, seconds, echoJfr);
            EchoScenario.run(base, echoPath, pid, 100, window, 0.5, seconds + 1, () -> ServerProcess.startJfr(pid, seconds, echoJfr), "profile");
            Thread.sleep(1500);
            if (scenarios.contains("broadcast")) {
                String bcastJfr = prefix + "-bcast1000.jfr";
                log("%s: profiling broadcast to 1000 subscribers for %.0f s into %s", name, seconds, bcastJfr);
                BroadcastScenario.run(base, broadcastPath + "/bench-profile", o.get("broadcast-protocol", null), pid, 1000,
                        o.integer("broadcast-window", 8), 0.5, seconds + 1, () -> ServerProcess.startJfr(pid, seconds, bcastJfr));
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
}
