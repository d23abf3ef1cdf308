package loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static loadgen.Report.log;
import static loadgen.Report.round1;

/**
 * Idle: COUNT connections to the echo endpoint that never send, split over child processes
 * ({@link IdleClient}) because one process may hold only so many sockets; the server's RSS and live
 * heap before and after, per connection, and the connection setup rate.
 */
final class IdleScenario {

    private IdleScenario() {
    }

    static void run(Options o, URI base, String path, long pid, Properties results) throws Exception {
        int count = o.integer("idle", 19000);
        int procs = o.integer("idle-procs", 2);
        String jvm = o.get("jvm", "false");
        String statsUrl = o.get("stats-url", null);
        log("idle: warm-up, 1000 connections opened and closed");
        IdleClient.hold(base, path, 1000, null);
        Thread.sleep(1000);
        long heapBefore = ServerProcess.liveHeapKb(pid, jvm, statsUrl);
        Thread.sleep(500);
        long before = ServerProcess.rssKb(pid);
        log("idle: server RSS before %,d KB%s; opening %,d connections from %d processes", before,
                heapBefore >= 0 ? ", live heap " + heapBefore + " KB" : "", count, procs);
        List<Process> children = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> prefix = new ArrayList<>(List.of(o.get("child-prefix", "taskset -c 1").split(" ")));
        prefix.removeIf(String::isBlank);
        for (int i = 0; i < procs; i++) {
            int share = count / procs + (i < count % procs ? 1 : 0);
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, LoadGen.class.getName(), "idle-client",
                    base.resolve(path).toString(), Integer.toString(share)));
            children.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        long ok = 0, failed = 0;
        double slowest = 0;
        for (Process p : children) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("READY")) {
                System.out.println(line);
            }
            if (line == null) {
                throw new IOException("idle client exited early: " + p.waitFor());
            }
            String[] f = line.split(" ");
            ok += Long.parseLong(f[1]);
            failed += Long.parseLong(f[2]);
            slowest = Math.max(slowest, Double.parseDouble(f[3]));
        }
        Thread.sleep(2000);
        long after = ServerProcess.rssKb(pid);
        long heapAfter = ServerProcess.liveHeapKb(pid, jvm, statsUrl);
        long afterGc = ServerProcess.rssKb(pid);
        for (Process p : children) {
            p.getOutputStream().close(); // the children close their connections and exit
        }
        for (Process p : children) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(line);
            }
            p.waitFor();
        }
        double perConn = ok > 0 ? (after - before) / (double) ok : Double.NaN;
        double heapPerConn = ok > 0 && heapBefore >= 0 ? (heapAfter - heapBefore) / (double) ok : Double.NaN;
        results.setProperty("idle.count", Long.toString(ok));
        results.setProperty("idle.requested", Integer.toString(count));
        results.setProperty("idle.failed", Long.toString(failed));
        results.setProperty("idle.rssBeforeKb", Long.toString(before));
        results.setProperty("idle.rssAfterKb", Long.toString(after));
        results.setProperty("idle.rssAfterGcKb", Long.toString(afterGc));
        results.setProperty("idle.kbPerConn", Double.toString(round1(perConn)));
        results.setProperty("idle.heapKbPerConn", Double.toString(round1(heapPerConn)));
        results.setProperty("idle.connectRate", Long.toString(Math.round(ok / slowest)));
        log("idle: %,d of %,d connections open (%d failed) in %.1f s (%,.0f/s); server RSS %,d -> %,d KB = %.1f KB per connection; live heap %s",
                ok, count, failed, slowest, ok / slowest, before, after, perConn,
                heapBefore >= 0 ? String.format("%,d -> %,d KB = %.1f KB per connection", heapBefore, heapAfter,
                        heapPerConn) : "n/a");
    }

    /** Live heap in KB after a full GC: jcmd for a JVM, the Node server's /stats otherwise; -1 if unknown. */
}
