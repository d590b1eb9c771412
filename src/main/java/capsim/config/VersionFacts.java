package capsim.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A facts table (models/facts/*.json): for each version-dependent field of one component, its
 * value by version range, each with its source. A range is {@code "from"} (inclusive, required)
 * and {@code "before"} (exclusive, optional: absent means every later version); versions are
 * dotted numbers compared numerically ("7.2.22" is in [7.1, 8.0)). The ranges of one field may
 * not overlap. {@link #fill} puts a field's fact into a model section that does not write it.
 */
public final class VersionFacts {

    /** One entry: {@code field} has {@code value} for versions in [from, before). */
    public record Fact(String field, String from, String before, JsonElement value, String source, int line) {
        public boolean covers(String version) {
            return compare(version, from) >= 0 && (before == null || compare(version, before) < 0);
        }

        /** The range as written in messages and sources: ">=7.1 <8.0" or ">=8.0". */
        public String range() {
            return ">=" + from + (before == null ? "" : " <" + before);
        }
    }

    private static final Set<String> KEYS = Set.of("field", "from", "before", "value", "source");

    private final String file;
    private final String product;
    private final List<Fact> facts;

    private VersionFacts(String file, String product, List<Fact> facts) {
        this.file = file;
        this.product = product;
        this.facts = List.copyOf(facts);
    }

    public String file() {
        return file;
    }

    public String product() {
        return product;
    }

    public List<Fact> facts() {
        return facts;
    }

    /** The fields the table gives, in the order of their first entry. */
    public List<String> fields() {
        return facts.stream().map(Fact::field).distinct().toList();
    }

    /** Reads and checks a facts file; any problem is an {@link InputException} naming the entry. */
    public static VersionFacts read(Path path) {
        return of(PositionedJson.read(path));
    }

    public static VersionFacts of(PositionedJson doc) {
        String f = doc.file();
        if (!doc.root().isJsonObject()) throw new InputException(f, "(root)", doc.line(""), "expected a JSON object");
        JsonObject root = doc.root().getAsJsonObject();
        for (String k : root.keySet()) {
            if (!Set.of("product", "description", "source", "facts").contains(k)) {
                throw new InputException(f, k, doc.line(k), "unknown key \"" + k + "\" (allowed: product, description, source, facts)");
            }
        }
        String product = string(root, "product", "product", doc);
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
                    throw new InputException(f, at + "." + k, doc.line(at + "." + k), "unknown key \"" + k + "\" (allowed: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
                }
            }
            String field = string(e, "field", at + ".field", doc);
            String from = version(string(e, "from", at + ".from", doc), f, at + ".from", doc);
            String before = e.has("before") ? version(string(e, "before", at + ".before", doc), f, at + ".before", doc) : null;
            if (before != null && compare(before, from) <= 0) {
                throw new InputException(f, at + ".before", doc.line(at + ".before"), "\"before\" " + before + " must be above \"from\" " + from);
            }
            JsonElement value = e.get("value");
            if (value == null || !value.isJsonPrimitive()) throw new InputException(f, at + ".value", doc.line(at), "expected a number, boolean or string value");
            String source = string(e, "source", at + ".source", doc);
            Fact fact = new Fact(field, from, before, value, source, doc.line(at));
            for (Fact o : out) {
                if (o.field().equals(field) && overlap(o, fact)) {
                    throw new InputException(f, at, fact.line(), "range " + fact.range() + " of " + field + " overlaps " + o.range() + " (line " + o.line() + ")");
                }
            }
            out.add(fact);
        }
        return new VersionFacts(f, product, out);
    }

    /**
     * Puts into {@code section} (the model part at {@code path}, e.g. "stack.qemu") each field of
     * this table it does not write, as {@code {"value", "source": "fact F for QEMU R: S"}} of the
     * fact whose range holds {@code version}, and records the fact's line as its origin. A field
     * the section writes keeps its value and source. A missing field with no fact for
     * {@code version} is an {@link InputException} at ({@code errFile}, {@code path}.version,
     * {@code errLine}) listing the known ranges.
     */
    public void fill(JsonObject section, String version, String path, Map<String, Origin> origins, String errFile, int errLine) {
        Map<String, List<Fact>> byField = new LinkedHashMap<>();
        for (Fact fact : facts) byField.computeIfAbsent(fact.field(), k -> new ArrayList<>()).add(fact);
        for (var e : byField.entrySet()) {
            String field = e.getKey();
            if (section.has(field)) continue;
            Fact hit = e.getValue().stream().filter(x -> parseable(version) && x.covers(version)).findFirst().orElse(null);
            String at = path + "." + field;
            if (hit == null) {
                String ranges = e.getValue().stream().map(Fact::range).collect(Collectors.joining(", "));
                throw new InputException(errFile, path + ".version", errLine, product + " " + version
                        + " is outside every known range of fact " + field + " in " + file + " (" + ranges + "); write "
                        + at + " in the stack file (or --set " + at + "=VALUE) to give it for this version");
            }
            JsonObject v = new JsonObject();
            v.add("value", hit.value().deepCopy());
            v.addProperty("source", "fact " + field + " for " + product + " " + hit.range() + ": " + hit.source());
            section.add(field, v);
            origins.put(at, new Origin(file, hit.line()));
        }
    }

    /** Compares dotted versions numerically, missing parts as 0 ("7.2" = "7.2.0" < "7.10"). */
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

    /** The leading dotted numbers of a version ("8.2.2+ds" → 8, 2, 2); at least MAJOR.MINOR. */
    private static int[] parts(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(v.trim());
        if (!m.find()) throw new IllegalArgumentException("not a version: \"" + v + "\" (expected e.g. \"7.2\" or \"8.2.2\")");
        return m.group(3) == null ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))}
                : new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
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
