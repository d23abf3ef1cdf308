import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails when the compiled {@code dev.switchboard} packages depend on each other in a cycle.
 *
 * <p>Run with the JDK alone, from the repository root after {@code mvn compile}:
 * {@code java .ci/PackageCycles.java target/classes} (or {@code .ci/package-cycles}). It asks
 * {@code jdeps} for every class-to-class dependency inside {@code dev.switchboard}, folds them into
 * a package graph, and reports each strongly connected component of more than one package: its
 * packages, and for every dependency between two of them the classes that make it, so the reader
 * sees which imports to move. Exit status 1 when there is a cycle, 0 when there is none.
 *
 * <p>Why packages and not classes: a package is the unit a reader draws as a layer; a cycle
 * between two packages means neither can be understood, tested or replaced without the other.
 */
public final class PackageCycles {

    private static final String ROOT = "dev.switchboard";
    // "   dev.switchboard.session.SessionTransport   -> dev.switchboard.delivery.Outbox   classes"
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+\\s*$");

    public static void main(String[] args) {
        String classes = args.length > 0 ? args[0] : "target/classes";
        Map<String, Map<String, Set<String>>> graph = packageGraph(classes);
        List<List<String>> cycles = new Tarjan(graph).cycles();
        if (cycles.isEmpty()) {
            System.out.println("package-cycles: no cycle among " + graph.size() + " " + ROOT + " packages");
            return;
        }
        for (List<String> cycle : cycles) {
            System.out.println("package-cycles: cycle among " + String.join(", ", cycle));
            for (String from : cycle) {
                for (String to : cycle) {
                    Set<String> because = graph.getOrDefault(from, Map.of()).get(to);
                    if (because != null) {
                        System.out.println("  " + from + " -> " + to + "   (" + String.join(", ", because) + ")");
                    }
                }
            }
        }
        System.out.println("package-cycles: " + cycles.size() + " cycle(s)");
        System.exit(1);
    }

    /** package → package it depends on → "Class -> Class" pairs that make the dependency. */
    private static Map<String, Map<String, Set<String>>> packageGraph(String classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is missing: a JDK (not a JRE) is needed"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:class", "-e", Pattern.quote(ROOT) + "(\\..*)?", classes);
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err + out);
        }
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (!edge.matches()) {
                continue;
            }
            String fromClass = edge.group(1);
            String toClass = edge.group(2);
            String from = packageOf(fromClass);
            String to = packageOf(toClass);
            graph.computeIfAbsent(to, p -> new TreeMap<>());
            Map<String, Set<String>> targets = graph.computeIfAbsent(from, p -> new TreeMap<>());
            if (!from.equals(to)) {
                targets.computeIfAbsent(to, p -> new TreeSet<>()).add(simple(fromClass) + " -> " + simple(toClass));
            }
        }
        if (graph.isEmpty()) {
            throw new IllegalStateException("no " + ROOT + " classes in " + classes + ": compile first");
        }
        return graph;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Tarjan's strongly connected components; those of two or more packages are the cycles. */
    private static final class Tarjan {
        private final Map<String, Map<String, Set<String>>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> cycles = new ArrayList<>();
        private int next;

        Tarjan(Map<String, Map<String, Set<String>>> graph) {
            this.graph = graph;
        }

        List<List<String>> cycles() {
            for (String node : graph.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return cycles;
        }

        private void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            onStack.add(node);
            for (String target : graph.getOrDefault(node, Map.of()).keySet()) {
                if (!index.containsKey(target)) {
                    visit(target);
                    low.put(node, Math.min(low.get(node), low.get(target)));
                } else if (onStack.contains(target)) {
                    low.put(node, Math.min(low.get(node), index.get(target)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                TreeSet<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    cycles.add(new ArrayList<>(component));
                }
            }
        }
    }
}
