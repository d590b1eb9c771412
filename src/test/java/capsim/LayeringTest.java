package capsim;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The package imports run one way, bottom to top, with no cycles. Read from the compiled classes:
 * every class a class file names (its constant pool's class entries and the types in its
 * descriptors and signatures), so a reference inside a method body counts like an import.
 */
class LayeringTest {
    /**
     * The layers, bottom to top. A package may use its own layer's packages and those below; a
     * layer's subpackages ("capsim.model.net") belong to it. Leaves share layer 0 but may not use
     * each other.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("capsim.config", "capsim.measure"),
            List.of("capsim.kernel"),
            List.of("capsim.stat"),
            List.of("capsim.resource"),
            List.of("capsim.model"),
            List.of("capsim.hostdetect"),
            List.of("capsim.scenario"),
            List.of("capsim.experiment"),
            List.of("capsim.analysis"),
            List.of("capsim.report"),
            List.of("capsim.validate"),
            List.of("capsim.cli"));

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L(capsim/[A-Za-z0-9_/$]+)[;<]");

    @Test
    void importsRunOneWayBottomToTop() throws IOException {
        Map<String, Set<String>> deps = packageDependencies();
        assertTrue(deps.size() > 20, "found the compiled classes: " + deps.keySet());
        List<String> wrong = new ArrayList<>();
        for (var e : deps.entrySet()) {
            String from = e.getKey();
            int layer = layerOf(from);
            if (layer < 0) {
                wrong.add(from + " is in no layer: add it to LAYERS (and the README's Layout)");
                continue;
            }
            for (String to : e.getValue()) {
                int target = layerOf(to);
                boolean sameRoot = root(from).equals(root(to));
                if (target > layer || (target == layer && !sameRoot)) wrong.add(from + " -> " + to);
            }
        }
        assertEquals(List.of(), wrong, "imports against the layering");
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> deps = packageDependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (Set<String> scc : stronglyConnected(deps)) if (scc.size() > 1) cycles.add(new ArrayList<>(scc));
        assertEquals(List.of(), cycles, "packages that import each other, directly or around a loop");
    }

    /** The rule itself fails on a back edge: a package of a lower layer naming one above. */
    @Test
    void theRuleCatchesABackEdge() {
        assertTrue(layerOf("capsim.model.net") < layerOf("capsim.scenario"));
        assertTrue(layerOf("capsim.config") < layerOf("capsim.model"));
        assertEquals(-1, layerOf("capsim.somewhere"));
        Map<String, Set<String>> loop = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), stronglyConnected(loop).stream().filter(s -> s.size() > 1).toList());
    }

    static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) if (pkg.equals(p) || pkg.startsWith(p + ".")) return i;
        }
        return -1;
    }

    /** The layer package a package belongs to ("capsim.model" for "capsim.model.net"). */
    static String root(String pkg) {
        for (List<String> layer : LAYERS) for (String p : layer) if (pkg.equals(p) || pkg.startsWith(p + ".")) return p;
        return pkg;
    }

    /** Package to the other capsim packages its classes name. */
    static Map<String, Set<String>> packageDependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(CLASSES.resolve("capsim"))) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String cls = CLASSES.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
            String from = packageOf(cls);
            Set<String> to = deps.computeIfAbsent(from, k -> new TreeSet<>());
            try (InputStream in = Files.newInputStream(f)) {
                for (String named : classesNamedIn(in)) {
                    String p = packageOf(named);
                    if (!p.equals(from) && p.startsWith("capsim")) to.add(p);
                }
            }
        }
        return deps;
    }

    private static String packageOf(String internalName) {
        int i = internalName.lastIndexOf('/');
        return i < 0 ? "" : internalName.substring(0, i).replace('/', '.');
    }

    /** The internal names (capsim/model/HostSystem) a class file refers to. */
    static Set<String> classesNamedIn(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    i++;   // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> out = new TreeSet<>();
        for (int idx : classIndexes) {
            String n = utf8[idx];
            if (n == null) continue;
            // array classes are named by descriptor: [Lcapsim/x/Y;
            Matcher m = TYPE_IN_DESCRIPTOR.matcher(n);
            if (n.startsWith("[")) {
                while (m.find()) out.add(m.group(1));
            } else {
                out.add(n);
            }
        }
        // types that appear only in field, method and generic signatures
        for (String s : utf8) {
            if (s == null || !s.contains("Lcapsim/")) continue;
            Matcher m = TYPE_IN_DESCRIPTOR.matcher(s);
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /** Tarjan's strongly connected components of a package graph. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> low = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, out, next);
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                List<String> stack, Set<String> onStack, List<Set<String>> out, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]);
        next[0]++;
        stack.add(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            out.add(scc);
        }
    }
}
