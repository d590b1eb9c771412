package capsim.experiment;

import capsim.config.Overrides;
import capsim.config.InputException;
import capsim.config.Origin;
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
        List<String> metrics,
        Map<String, Origin> setSources) {

    /**
     * A named override set; a sweep has one, called "base". {@code sources} says where each
     * override was given (a variant file's line, {@code --variant ...}), so that an error names it.
     */
    public record Variant(String name, Map<String, JsonElement> overrides, Map<String, Origin> sources) {
        public Variant(String name, Map<String, JsonElement> overrides) {
            this(name, overrides, Map.of());
        }

        public Variant {
            overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
            sources = Map.copyOf(sources);
        }
    }

    /** A plan whose base overrides are reported as {@code --set PATH=VALUE}. */
    public BatchPlan(String experiment, Map<String, JsonElement> sets, List<Variant> variants, List<Axis> axes, int replications,
                     long baseSeed, List<String> metrics) {
        this(experiment, sets, variants, axes, replications, baseSeed, metrics, Map.of());
    }

    /** One point of the cartesian product: its index and one value per axis. */
    public record Point(int index, List<JsonElement> values) {
    }

    /** One run: a variant at a point on one replication's seed. */
    public record Case(int index, int point, int variant, int replication, long seed) {
    }

    /**
     * Quotas, each with its reason: every point of every variant is loaded (bound and checked) before
     * the first run, so that bad input is refused before anything is written; every run's record
     * is held for the analysis; and a 95 % interval narrows as 1/√R, so 1,000 replications already
     * give ±6 % of a standard deviation.
     */
    public static final int MAX_POINTS = 10_000;
    public static final int MAX_RUNS = 100_000;
    public static final int MAX_REPLICATIONS = 1_000;
    static final String WHY_POINTS = "each point of each variant is loaded and checked before the first run";
    static final String WHY_RUNS = "each run's record is held in memory for the analysis, and so many runs take hours";
    static final String WHY_REPLICATIONS = "a 95 % interval narrows as 1/√R: 1,000 replications give ±6 % of a standard deviation";

    public BatchPlan {
        sets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        variants = List.copyOf(variants);
        axes = List.copyOf(axes);
        metrics = List.copyOf(metrics);
        setSources = Map.copyOf(setSources);
        if (variants.isEmpty()) throw new IllegalArgumentException("no variant");
        if (replications < 1) throw new IllegalArgumentException("replications must be >= 1");
        checkQuotas(axes, variants.size(), replications, "the batch", "", 0);
    }

    /**
     * Refuses a batch over a quota (see {@link #MAX_POINTS}), counted without overflow, before
     * anything is loaded or written; {@code file}, {@code path} and {@code line} say where the size was asked for.
     */
    public static void checkQuotas(List<Axis> axes, int variants, long replications, String file, String path, int line) {
        if (replications > MAX_REPLICATIONS) {
            throw new InputException(file, path, line, String.format(java.util.Locale.ROOT,
                    "%,d replications is over the quota of %,d (%s)", replications, MAX_REPLICATIONS, WHY_REPLICATIONS));
        }
        java.math.BigInteger points = java.math.BigInteger.ONE;
        List<String> sizes = new ArrayList<>();
        for (Axis a : axes) {
            points = points.multiply(java.math.BigInteger.valueOf(a.values().size()));
            sizes.add(String.format(java.util.Locale.ROOT, "%,d", a.values().size()));
        }
        String product = sizes.size() > 1 ? " (" + String.join(" x ", sizes) + ")" : "";
        java.math.BigInteger loaded = points.multiply(java.math.BigInteger.valueOf(variants));
        if (loaded.compareTo(java.math.BigInteger.valueOf(MAX_POINTS)) > 0) {
            throw new InputException(file, path, line, String.format(java.util.Locale.ROOT, "%,d points%s%s is over the quota of %,d (%s)",
                    points, product, variants > 1 ? " x " + variants + " variants" : "", MAX_POINTS, WHY_POINTS));
        }
        java.math.BigInteger runs = loaded.multiply(java.math.BigInteger.valueOf(replications));
        if (runs.compareTo(java.math.BigInteger.valueOf(MAX_RUNS)) > 0) {
            throw new InputException(file, path, line, String.format(java.util.Locale.ROOT,
                    "%,d points%s x %,d replications = %,d runs is over the quota of %,d runs (%s)",
                    loaded, variants > 1 ? " (with the variants)" : "", replications, runs, MAX_RUNS, WHY_RUNS));
        }
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

    /** Where each of {@link #overridesFor}'s overrides was given, by path (later ones win, as there). */
    public Map<String, Origin> sourcesFor(int variant) {
        Map<String, Origin> out = new java.util.HashMap<>(setSources);
        Variant v = variants.get(variant);
        for (String k : v.overrides().keySet()) out.remove(k);
        out.putAll(v.sources());
        for (Axis a : axes) for (String path : a.paths()) out.put(path, a.source());
        return out;
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
            JsonArray axesJson = o.getAsJsonArray("axes");
            for (int i = 0; i < axesJson.size(); i++) axes.add(Axis.fromJson(axesJson.get(i), where, "axes[" + i + "]"));
            List<String> metrics = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("metrics")) metrics.add(e.getAsString());
            checkQuotas(axes, variants.size(), o.get("replications").getAsLong(), where, "plan", 0);
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
