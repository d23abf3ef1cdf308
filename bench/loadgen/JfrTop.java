package loadgen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code LoadGen jfr-top}: where the server spent its CPU, from a JFR recording's samples. */
final class JfrTop {

    private JfrTop() {
    }
    static void print(Path file, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> byArea = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        int samples = 0, nativeSamples = 0;
        try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent ev = rf.readEvent();
                String type = ev.getEventType().getName();
                jdk.jfr.consumer.RecordedStackTrace st = ev.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                if (type.equals("jdk.NativeMethodSample")) {
                    nativeSamples++;
                    nativeTop.merge(frame(st.getFrames().get(0)), 1, Integer::sum);
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                samples++;
                self.merge(frame(st.getFrames().get(0)), 1, Integer::sum);
                java.util.Set<String> seen = new java.util.HashSet<>();
                String area = null;
                for (jdk.jfr.consumer.RecordedFrame f : st.getFrames()) {
                    String name = frame(f);
                    if (seen.add(name)) {
                        inclusive.merge(name, 1, Integer::sum);
                    }
                    if (area == null) {
                        area = area(f.getMethod().getType().getName());
                    }
                }
                byArea.merge(area == null ? "other" : area, 1, Integer::sum);
            }
        }
        System.out.printf("%d execution samples (threads running Java code), %d native-method samples%n", samples,
                nativeSamples);
        dump("top frames by self time (leaf frame of each sample)", self, samples, top);
        dump("self time by area (first frame whose class is in a known area)", byArea, samples, 20);
        dump("top frames by inclusive time", inclusive, samples, top);
        dump("native-method samples (threads blocked or in native code), top frame", nativeTop, nativeSamples, 10);
    }

    static String frame(jdk.jfr.consumer.RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String area(String cls) {
        if (cls.startsWith("dev.switchboard")) {
            return "switchboard";
        }
        if (cls.startsWith("org.apache.tomcat.websocket")) {
            return "tomcat websocket";
        }
        if (cls.startsWith("org.apache.tomcat.util.buf")) {
            return "tomcat utf-8 codec";
        }
        if (cls.startsWith("org.apache.tomcat.util.net") || cls.startsWith("org.apache.coyote")) {
            return "tomcat connector";
        }
        if (cls.startsWith("org.apache")) {
            return "tomcat other";
        }
        if (cls.startsWith("com.fasterxml")) {
            return "jackson";
        }
        if (cls.startsWith("sun.nio") || cls.startsWith("java.nio") || cls.startsWith("sun.net")) {
            return "jdk nio";
        }
        if (cls.startsWith("java.util.concurrent") || cls.startsWith("jdk.internal.misc")) {
            return "jdk concurrency";
        }
        if (cls.startsWith("java.lang.String") || cls.startsWith("java.lang.StringLatin1")
                || cls.startsWith("java.lang.StringUTF16") || cls.startsWith("sun.nio.cs")) {
            return "jdk strings/charsets";
        }
        return null;
    }

    static void dump(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getValue(), e.getKey()));
    }
}
