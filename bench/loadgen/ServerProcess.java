package loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static loadgen.Report.log;

/** What the generator reads from the server process under test: RSS, live heap, JFR recordings. */
final class ServerProcess {

    private ServerProcess() {
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static long liveHeapKb(long pid, String jvm, String statsUrl) {
        try {
            if ("true".equals(jvm)) {
                jcmd(pid, "GC.run");
                String info = jcmd(pid, "GC.heap_info");
                Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
                return m.find() ? Long.parseLong(m.group(1)) : -1;
            }
            if (statsUrl != null) {
                HttpURLConnection http = (HttpURLConnection) URI.create(statsUrl).toURL().openConnection();
                try (InputStream in = http.getInputStream()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Matcher heap = Pattern.compile("\"heapUsed\":(\\d+)").matcher(body);
                    Matcher ext = Pattern.compile("\"external\":(\\d+)").matcher(body);
                    if (heap.find() && ext.find()) {
                        return (Long.parseLong(heap.group(1)) + Long.parseLong(ext.group(1))) / 1024;
                    }
                }
            }
        } catch (Exception e) {
            log("live heap: %s", e);
        }
        return -1;
    }

    static String jcmd(long pid, String... command) {
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
            cmd.add(Long.toString(pid));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return output;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static void startJfr(long pid, double seconds, String file) {
        jcmd(pid, "JFR.start", "settings=profile", "duration=" + (int) seconds + "s", "filename=" + file);
    }
}
