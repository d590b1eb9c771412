package capsim.experiment;

import capsim.config.Overrides;
import capsim.config.InputException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep or a comparison runs: an experiment with base overrides, one or more named
 * variants (override sets), the axes whose cartesian product gives the points, and R
 * replications per point on the seeds {@code baseSeed, baseSeed+1, ...}. Every variant runs each
 * point with the same seeds, so variants share their random numbers stream by stream.
 *
 * <p>A run (case) is numbered {@code ((point × variants) + variant) × replications + replication},
 * so results can be put in a fixed order whatever order the runs finished in.
 */
public record BatchPlan(
        String experiment,
        Map<String, JsonElement> sets,
        List<Variant> variants,
        List<Axis> axes,
        int replications,
        long baseSeed,
        List<String> metrics) {

    /** A named override set; a sweep has one, called "base". */
    public record Variant(String name, Map<String, JsonElement> overrides) {
        public Variant {
            overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        }
    }

    /** One point of the cartesian product: its index and one value per axis. */
    public record Point(int index, List<JsonElement> values) {
    }

    /** One run: a variant at a point on one replication's seed. */
    public record Case(int index, int point, int variant, int replication, long seed) {
    }

    public BatchPlan {
        sets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        variants = List.copyOf(variants);
        axes = List.copyOf(axes);
        metrics = List.copyOf(metrics);
        if (variants.isEmpty()) throw new IllegalArgumentException("no variant");
        if (replications < 1) throw new IllegalArgumentException("replications must be >= 1");
    }

    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        int n = 1;
        for (Axis a : axes) n = Math.multiplyExact(n, a.values().size());
        for (int i = 0; i < n; i++) {
            List<JsonElement> vals = new ArrayList<>();
            int rest = i;
            int[] idx = new int[axes.size()];
            for (int k = axes.size() - 1; k >= 0; k--) {
                int size = axes.get(k).values().size();
                idx[k] = rest % size;
                rest /= size;
            }
            for (int k = 0; k < axes.size(); k++) vals.add(axes.get(k).values().get(idx[k]));
            out.add(new Point(i, vals));
        }
        return out;
    }

    public int pointCount() {
        int n = 1;
        for (Axis a : axes) n = Math.multiplyExact(n, a.values().size());
        return n;
    }

    public int caseCount() {
        return Math.multiplyExact(Math.multiplyExact(pointCount(), variants.size()), replications);
    }

    public Case caseAt(int index) {
        int r = index % replications;
        int pv = index / replications;
        return new Case(index, pv / variants.size(), pv % variants.size(), r, baseSeed + r);
    }

    public int caseIndex(int point, int variant, int replication) {
        return (point * variants.size() + variant) * replications + replication;
    }

    /** The overrides of a variant at a point: the base sets, then the variant's, then the axes'. */
    public Map<String, JsonElement> overridesFor(int variant, Point p) {
        Map<String, JsonElement> axisValues = new LinkedHashMap<>();
        for (int k = 0; k < axes.size(); k++) {
            for (String path : axes.get(k).paths()) Overrides.put(axisValues, path, p.values().get(k));
        }
        return Overrides.merge(sets, variants.get(variant).overrides(), axisValues);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("experiment", experiment);
        o.add("sets", object(sets));
        JsonArray vs = new JsonArray();
        for (Variant v : variants) {
            JsonObject vo = new JsonObject();
            vo.addProperty("name", v.name());
            vo.add("overrides", object(v.overrides()));
            vs.add(vo);
        }
        o.add("variants", vs);
        JsonArray as = new JsonArray();
        for (Axis a : axes) as.add(a.toJson());
        o.add("axes", as);
        o.addProperty("replications", replications);
        o.addProperty("baseSeed", baseSeed);
        JsonArray ms = new JsonArray();
        metrics.forEach(ms::add);
        o.add("metrics", ms);
        return o;
    }

    /** The keys a plan capsim wrote always has, with the JSON type each holds. */
    private static final Map<String, String> PLAN_KEYS = Map.of("experiment", "text", "sets", "object", "variants", "list",
            "axes", "list", "replications", "number", "baseSeed", "number", "metrics", "list");

    public static BatchPlan fromJson(JsonObject o, String where) {
        for (var k : new java.util.TreeMap<>(PLAN_KEYS).entrySet()) {
            JsonElement v = o.get(k.getKey());
            boolean ok = v != null && switch (k.getValue()) {
                case "text" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
                case "number" -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
                case "object" -> v.isJsonObject();
                default -> v.isJsonArray();
            };
            if (!ok) {
                throw new InputException(where, k.getKey(), 0, "not a capsim batch plan: " + (v == null ? "no " : "a bad ")
                        + "\"" + k.getKey() + "\" (a " + k.getValue() + " in a plan capsim wrote)");
            }
        }
        try {
            List<Variant> variants = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("variants")) {
                JsonObject vo = e.getAsJsonObject();
                variants.add(new Variant(vo.get("name").getAsString(), map(vo.getAsJsonObject("overrides"))));
            }
            List<Axis> axes = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("axes")) axes.add(Axis.fromJson(e, where));
            List<String> metrics = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("metrics")) metrics.add(e.getAsString());
            return new BatchPlan(o.get("experiment").getAsString(), map(o.getAsJsonObject("sets")), variants, axes,
                    o.get("replications").getAsInt(), o.get("baseSeed").getAsLong(), metrics);
        } catch (RuntimeException e) {
            if (e instanceof InputException ie) throw ie;
            throw new InputException(where, "", 0, "not a capsim batch plan: an entry of the wrong shape (" + e.getClass().getSimpleName().replace("Exception", "") + ")");
        }
    }

    private static JsonObject object(Map<String, JsonElement> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::add);
        return o;
    }

    private static Map<String, JsonElement> map(JsonObject o) {
        Map<String, JsonElement> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) m.put(e.getKey(), e.getValue());
        return m;
    }
}
