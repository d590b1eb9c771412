package capsim.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A facts table (models/facts/*.json): for the version-dependent fields of one component, their
 * value by version range, each with its source. The table names where its version is read
 * ({@code "version"}, an experiment path such as {@code "stack.qemu.version"} or
 * {@code "host.kernel"}) and which model part it fills ({@code "fills"}, e.g. {@code "stack.qemu"};
 * a fact's {@code field} is relative to it and may be dotted, {@code "sysctl.threadsMax"}).
 *
 * <p>A range is {@code "from"} (inclusive, required) and {@code "before"} (exclusive, optional:
 * absent means every later version); versions are dotted numbers compared numerically ("7.2.22"
 * is in [7.1, 8.0)). A fact may hold only {@code "when"} other model values are as given
 * ({@code {"host.arch": "s390x"}}). Its value is a number, boolean or text, or a
 * {@code "formula"} (a mechanism in code, e.g. how the kernel sizes threads-max from RAM) with
 * its {@code "inputs"} as data, or {@code null}: the component does not set the field in that
 * range and a later table gives it (systemd before 240 leaves fs.file-max to the kernel). The ranges of one field under the same condition may not overlap.
 */
public final class VersionFacts {

    /** A mechanism that computes a default from the fact's inputs and the model tree. */
    @FunctionalInterface
    public interface Formula {
        /**
         * @param inputs the fact's numeric inputs
         * @param model  a number of the model at an experiment path ("host.ramGiB"), if given
         * @return the value and how it was computed ("ram 1024 GiB / (8 x 16384 B) = 8388608")
         */
        Derived apply(Map<String, Double> inputs, Function<String, Optional<Double>> model);
    }

    /** A formula's value and the arithmetic that gave it, for the resolved experiment's source. */
    public record Derived(Number value, String how) {
    }

    /** Thrown by a formula whose model input is missing. */
    public static final class MissingInput extends RuntimeException {
        public MissingInput(String path) {
            super(path);
        }
    }

    /** One entry: {@code field} has {@code value} (or {@code formula}) for versions in [from, before) when {@code when} holds. */
    public record Fact(String field, String from, String before, Map<String, String> when, JsonElement value,
                       String formula, Map<String, Double> inputs, String source, int line) {
        public boolean covers(String version) {
            return compare(version, from) >= 0 && (before == null || compare(version, before) < 0);
        }

        /** The range as written in messages and sources: ">=7.1 <8.0" or ">=8.0". */
        public String range() {
            return ">=" + from + (before == null ? "" : " <" + before);
        }

        /** The condition as written in messages: " (host.arch=s390x)" or "". */
        public String condition() {
            return when.isEmpty() ? "" : " (" + when.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + ")";
        }
    }

    private static final Set<String> HEAD_KEYS = Set.of("product", "description", "source", "version", "fills", "facts");
    private static final Set<String> KEYS = Set.of("field", "from", "before", "when", "value", "formula", "inputs", "source");

    private final String file;
    private final String product;
    private final String versionPath;
    private final String fills;
    private final List<Fact> facts;
    private final Map<String, Formula> formulas;

    private VersionFacts(String file, String product, String versionPath, String fills, List<Fact> facts, Map<String, Formula> formulas) {
        this.file = file;
        this.product = product;
        this.versionPath = versionPath;
        this.fills = fills;
        this.facts = List.copyOf(facts);
        this.formulas = formulas;
    }

    public String file() {
        return file;
    }

    public String product() {
        return product;
    }

    /** The experiment path whose text selects the facts ("stack.qemu.version"). */
    public String versionPath() {
        return versionPath;
    }

    /** The experiment path of the part the facts fill ("stack.qemu"). */
    public String fills() {
        return fills;
    }

    public List<Fact> facts() {
        return facts;
    }

    /** The fields the table gives, in the order of their first entry. */
    public List<String> fields() {
        return facts.stream().map(Fact::field).distinct().toList();
    }

    /** Reads and checks a facts file; any problem is an {@link InputException} naming the entry. */
    public static VersionFacts read(Path path, Map<String, Formula> formulas) {
        return of(PositionedJson.read(path), formulas);
    }

    public static VersionFacts of(PositionedJson doc, Map<String, Formula> formulas) {
        String f = doc.file();
        if (!doc.root().isJsonObject()) throw new InputException(f, "(root)", doc.line(""), "expected a JSON object");
        JsonObject root = doc.root().getAsJsonObject();
        for (String k : root.keySet()) {
            if (!HEAD_KEYS.contains(k)) {
                throw new InputException(f, k, doc.line(k), "unknown key \"" + k + "\" (allowed: " + String.join(", ", new TreeSet<>(HEAD_KEYS)) + ")");
            }
        }
        String product = string(root, "product", "product", doc);
        String versionPath = string(root, "version", "version", doc);
        String fills = string(root, "fills", "fills", doc);
        JsonElement list = root.get("facts");
        if (list == null || !list.isJsonArray()) throw new InputException(f, "facts", doc.line("facts"), "expected a list of facts");
        List<Fact> out = new ArrayList<>();
        JsonArray a = list.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            String at = JsonPaths.index("facts", i);
            if (!a.get(i).isJsonObject()) throw new InputException(f, at, doc.line(at), "expected an object {field, from, before, value, source}");
            JsonObject e = a.get(i).getAsJsonObject();
            for (String k : e.keySet()) {
                if (!KEYS.contains(k)) {
                    throw new InputException(f, at + "." + k, doc.line(at + "." + k), "unknown key \"" + k + "\" (allowed: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
                }
            }
            String field = string(e, "field", at + ".field", doc);
            String from = version(string(e, "from", at + ".from", doc), f, at + ".from", doc);
            String before = e.has("before") ? version(string(e, "before", at + ".before", doc), f, at + ".before", doc) : null;
            if (before != null && compare(before, from) <= 0) {
                throw new InputException(f, at + ".before", doc.line(at + ".before"), "\"before\" " + before + " must be above \"from\" " + from);
            }
            Map<String, String> when = new TreeMap<>();
            if (e.has("when")) {
                if (!e.get("when").isJsonObject()) throw new InputException(f, at + ".when", doc.line(at + ".when"), "expected an object {\"host.arch\": \"s390x\"}");
                for (var w : e.getAsJsonObject("when").entrySet()) {
                    if (!w.getValue().isJsonPrimitive()) throw new InputException(f, at + ".when." + w.getKey(), doc.line(at + ".when." + w.getKey()), "expected a text or number");
                    when.put(w.getKey(), w.getValue().getAsString());
                }
            }
            JsonElement value = e.get("value");
            String formula = e.has("formula") ? string(e, "formula", at + ".formula", doc) : null;
            if ((value == null) == (formula == null)) {
                throw new InputException(f, at, doc.line(at), "give either \"value\" or \"formula\" (with \"inputs\")");
            }
            if (value != null && !value.isJsonPrimitive() && !value.isJsonNull()) throw new InputException(f, at + ".value", doc.line(at + ".value"), "expected a number, boolean, string or null value");
            if (formula != null && !formulas.containsKey(formula)) {
                throw new InputException(f, at + ".formula", doc.line(at + ".formula"), "unknown formula \"" + formula + "\" (known: " + String.join(", ", new TreeSet<>(formulas.keySet())) + ")");
            }
            Map<String, Double> inputs = new TreeMap<>();
            if (e.has("inputs")) {
                if (formula == null) throw new InputException(f, at + ".inputs", doc.line(at + ".inputs"), "\"inputs\" belong to a \"formula\"");
                if (!e.get("inputs").isJsonObject()) throw new InputException(f, at + ".inputs", doc.line(at + ".inputs"), "expected an object of numbers");
                for (var in : e.getAsJsonObject("inputs").entrySet()) {
                    String ip = at + ".inputs." + in.getKey();
                    if (!in.getValue().isJsonPrimitive() || !in.getValue().getAsJsonPrimitive().isNumber()) throw new InputException(f, ip, doc.line(ip), "expected a number");
                    inputs.put(in.getKey(), in.getValue().getAsDouble());
                }
            }
            String source = string(e, "source", at + ".source", doc);
            Fact fact = new Fact(field, from, before, Map.copyOf(when), value, formula, Map.copyOf(inputs), source, doc.line(at));
            for (Fact o : out) {
                if (o.field().equals(field) && o.when().equals(fact.when()) && overlap(o, fact)) {
                    throw new InputException(f, at, fact.line(), "range " + fact.range() + fact.condition() + " of " + field + " overlaps " + o.range() + " (line " + o.line() + ")");
                }
            }
            out.add(fact);
        }
        return new VersionFacts(f, product, versionPath, fills, out, formulas);
    }

    /**
     * Puts into the experiment tree {@code root} each field of this table that the part at
     * {@link #fills()} does not write, as {@code {"value", "source": "fact F for P R: S"}} of the
     * fact whose range holds the version at {@link #versionPath()} and whose condition holds,
     * and records the fact's line as its origin. A field the part writes keeps its value and
     * source. Nothing happens when the version is not written (the binder says what is missing)
     * or the part is absent. A missing field with no fact for the version is an
     * {@link InputException} at ({@code errFile}, version path, {@code errLine}) listing the
     * known ranges and how to give the value instead.
     */
    public void fill(JsonObject root, Map<String, Origin> origins, String errFile, int errLine) {
        JsonElement v = at(root, versionPath);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) return;
        String version = v.getAsString();
        JsonElement part = at(root, fills);
        if (part == null || !part.isJsonObject()) return;
        Map<String, List<Fact>> byField = new LinkedHashMap<>();
        for (Fact fact : facts) byField.computeIfAbsent(fact.field(), k -> new ArrayList<>()).add(fact);
        for (var e : byField.entrySet()) {
            String field = e.getKey();
            String at = fills + "." + field;
            if (at(root, at) != null) continue;
            List<Fact> applicable = e.getValue().stream().filter(x -> holds(root, x.when())).toList();
            Fact hit = applicable.stream().filter(x -> parseable(version) && x.covers(version)).findFirst().orElse(null);
            if (hit == null && applicable.isEmpty()) {
                String given = e.getValue().stream().flatMap(x -> x.when().keySet().stream()).distinct()
                        .map(k -> k + "=" + (at(root, k) == null ? "(not given)" : at(root, k).getAsString())).collect(Collectors.joining(", "));
                String known = e.getValue().stream().map(x -> x.range() + x.condition()).collect(Collectors.joining(", "));
                throw new InputException(errFile, versionPath, errLine, "fact " + field + " in " + file + " has no entry for " + given
                        + " (known: " + known + "); write " + at + " in the model file (or --set " + at + "=VALUE)");
            }
            if (hit == null) {
                String ranges = e.getValue().stream().map(x -> x.range() + x.condition()).collect(Collectors.joining(", "));
                throw new InputException(errFile, versionPath, errLine, product + " " + version
                        + " is outside every known range of fact " + field + " in " + file + " (" + ranges + "); write "
                        + at + " in the model file (or --set " + at + "=VALUE) to give it for this version");
            }
            if (hit.value() != null && hit.value().isJsonNull()) continue; // this component leaves the field alone here: a later table gives it
            JsonElement value;
            String how = "";
            if (hit.formula() != null) {
                Derived d;
                try {
                    d = formulas.get(hit.formula()).apply(hit.inputs(), p -> number(root, p));
                } catch (MissingInput missing) {
                    throw new InputException(errFile, missing.getMessage(), errLine, "fact " + field + " for " + product + " " + hit.range()
                            + " (" + file + " line " + hit.line() + ") is computed from " + missing.getMessage() + ", which is not given");
                }
                value = d.value() instanceof Double x && x == Math.rint(x) && Math.abs(x) < 1e15 ? new JsonPrimitive(x.longValue()) : new JsonPrimitive(d.value());
                how = " " + d.how() + ";";
            } else {
                value = hit.value().deepCopy();
            }
            JsonObject o = new JsonObject();
            o.add("value", value);
            o.addProperty("source", "fact " + field + " for " + product + " " + hit.range() + hit.condition() + ":" + how + " " + hit.source());
            put(part.getAsJsonObject(), field, o);
            origins.put(at, new Origin(file, hit.line()));
        }
    }

    private static boolean holds(JsonObject root, Map<String, String> when) {
        for (var w : when.entrySet()) {
            JsonElement e = at(root, w.getKey());
            if (e == null || !e.isJsonPrimitive() || !token(e.getAsString()).equals(token(w.getValue()))) return false;
        }
        return true;
    }

    /** Names compare as the binder reads enum constants: case and '-' / '_' do not matter ("x86_64" = "x86-64"). */
    private static String token(String s) {
        return s.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The value at a dotted path, a {@code {"value": x}} wrapper unwrapped; null when absent. */
    public static JsonElement at(JsonObject root, String path) {
        JsonElement cur = root;
        for (String p : path.split("\\.")) {
            if (cur == null || !cur.isJsonObject()) return null;
            cur = cur.getAsJsonObject().get(p);
        }
        if (cur != null && cur.isJsonObject() && cur.getAsJsonObject().has("value")) return cur.getAsJsonObject().get("value");
        return cur;
    }

    private static Optional<Double> number(JsonObject root, String path) {
        JsonElement e = at(root, path);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return Optional.empty();
        return Optional.of(e.getAsDouble());
    }

    private static void put(JsonObject part, String field, JsonElement value) {
        String[] parts = field.split("\\.");
        JsonObject cur = part;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonElement next = cur.get(parts[i]);
            if (next == null || !next.isJsonObject()) {
                next = new JsonObject();
                cur.add(parts[i], next);
            }
            cur = next.getAsJsonObject();
        }
        cur.add(parts[parts.length - 1], value);
    }

    /** Compares dotted versions numerically, missing parts as 0 ("7.2" = "7.2.0" < "7.10"); a bare "252" is 252.0. */
    public static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? x[i] : 0;
            int q = i < y.length ? y[i] : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    private static boolean parseable(String v) {
        try {
            parts(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The leading dotted numbers of a version ("8.2.2+ds" → 8, 2, 2; systemd's "252" → 252). */
    private static int[] parts(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?").matcher(v.trim());
        if (!m.find()) throw new IllegalArgumentException("not a version: \"" + v + "\" (expected e.g. \"7.2\", \"8.2.2\" or \"252\")");
        List<Integer> out = new ArrayList<>();
        for (int g = 1; g <= 3 && m.group(g) != null; g++) out.add(Integer.parseInt(m.group(g)));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean overlap(Fact a, Fact b) {
        boolean aBeforeB = a.before() != null && compare(a.before(), b.from()) <= 0;
        boolean bBeforeA = b.before() != null && compare(b.before(), a.from()) <= 0;
        return !aBeforeB && !bBeforeA;
    }

    private static String version(String v, String f, String at, PositionedJson doc) {
        if (!parseable(v)) throw new InputException(f, at, doc.line(at), "not a version: \"" + v + "\" (expected e.g. \"7.2\")");
        return v;
    }

    private static String string(JsonObject o, String key, String at, PositionedJson doc) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new InputException(doc.file(), at, doc.line(at), "expected a string \"" + key + "\"");
        }
        return e.getAsString();
    }
}
