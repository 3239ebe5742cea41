package sentemb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main sources' packages depend on each other one way only. Dependencies are read from
 * the sources: imports and fully qualified names ({@code sentemb.eval.transfer.TransferReport}
 * in code counts as much as an import). A cycle fails the test with the packages involved and
 * one file for each edge, so the fix is easy to find.
 */
class PackageCycleTest {
    private static final Pattern PACKAGE = Pattern.compile("^package (sentemb[\\w.]*);", Pattern.MULTILINE);
    /** {@code sentemb.a.b.Type}: the package is everything before the first capitalised segment. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(sentemb(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void mainPackagesHaveNoCycles() throws IOException {
        Map<String, Map<String, String>> edges = dependencies(TestPaths.repoRoot().resolve("trainer/src/main/java"));
        assertTrue(edges.size() > 10, "expected to find the project's packages, found " + edges.keySet());
        List<Set<String>> cycles = stronglyConnected(edges).stream().filter(c -> c.size() > 1).toList();
        StringBuilder msg = new StringBuilder();
        for (Set<String> c : cycles) {
            msg.append("cycle among ").append(c).append(':');
            for (String from : c) {
                for (var e : edges.get(from).entrySet()) {
                    if (c.contains(e.getKey())) {
                        msg.append("\n  ").append(from).append(" -> ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
                    }
                }
            }
            msg.append('\n');
        }
        assertTrue(cycles.isEmpty(), msg.toString());
    }

    @Test
    void aCycleIsFound() {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        edges.put("a", Map.of("b", "A.java"));
        edges.put("b", Map.of("c", "B.java"));
        edges.put("c", Map.of("a", "C.java"));
        edges.put("d", Map.of("a", "D.java"));
        List<Set<String>> cycles = stronglyConnected(edges).stream().filter(c -> c.size() > 1).toList();
        assertTrue(cycles.equals(List.of(Set.of("a", "b", "c"))), cycles.toString());
    }

    @Test
    void fullyQualifiedNamesCount(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("sentemb/a"));
        Path b = Files.createDirectories(tmp.resolve("sentemb/b"));
        Files.writeString(a.resolve("A.java"), "package sentemb.a;\nimport sentemb.b.B;\nclass A {}\n");
        Files.writeString(b.resolve("B.java"), "package sentemb.b;\nclass B { sentemb.a.A a; }\n");
        Map<String, Map<String, String>> edges = dependencies(tmp);
        assertTrue(edges.get("sentemb.a").containsKey("sentemb.b") && edges.get("sentemb.b").containsKey("sentemb.a"),
                edges.toString());
    }

    /** Package to (package it uses to the first file that shows it). */
    static Map<String, Map<String, String>> dependencies(Path sourceRoot) throws IOException {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Map<String, String> out = edges.computeIfAbsent(pkg, k -> new TreeMap<>());
                String body = stripComments(text.substring(pm.end()));
                Matcher rm = REFERENCE.matcher(body);
                while (rm.find()) {
                    String used = rm.group(1);
                    if (!used.equals(pkg)) {
                        out.putIfAbsent(used, sourceRoot.relativize(f).toString());
                    }
                }
            }
        }
        return edges;
    }

    /** Comments and string literals can name packages without depending on them. */
    private static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"(?:\\\\.|[^\"\\\\\n])*\"", "\"\"");
    }

    /** Tarjan's strongly connected components. */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, edges, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Map<String, String>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                visit(w, edges, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> c = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                c.add(w);
            } while (!w.equals(v));
            out.add(c);
        }
    }
}
