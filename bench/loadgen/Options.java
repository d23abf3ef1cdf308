package loadgen;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options; a flag without a value is {@code true}. */
final class Options {

    final Map<String, String> values = new HashMap<>();

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            String key = args[i].substring(2);
            String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
            o.values.put(key, value);
        }
        return o;
    }

    String get(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    String need(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    int integer(String key, int dflt) {
        return Integer.parseInt(get(key, Integer.toString(dflt)));
    }

    double number(String key, double dflt) {
        return Double.parseDouble(get(key, Double.toString(dflt)));
    }
}
