package capsim.experiment;

import java.util.HashMap;
import com.google.gson.JsonArray;
import capsim.measure.Unit;
import capsim.measure.MetricRole;
import capsim.measure.Metric;
import capsim.config.JsonText;
import capsim.scenario.RunResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch keeps of one run: where it sits in the plan, its seed, outcome, the first wall it
 * hit and its metrics (plus {@code outcome.broke}: 1 when it broke, 0 when it completed, so the
 * share of broken replications is a metric like any other). One JSON line in the journal.
 *
 * @param wallFix what moves the first wall ({@link WallFix#NONE} without one, or from a journal
 *                written before it was kept), so a batch's report can say what to set without re-running
 */
public record RunRecord(int index, int point, int variant, int replication, long seed, String outcome,
                        String firstWall, WallFix wallFix, SortedMap<String, Double> metrics, Map<String, Metric> types) {

    /**
     * The first wall's knob as a person reads it, its experiment path (empty for a hard limit or a
     * knob no experiment value holds), the smallest knob value that lets this run's workload through
     * ({@code -1} for a hard limit) in {@code unit}, the fix when no knob moves it, and the errno
     * (ETIMEDOUT: an SLO the experiment states, not a system limit).
     */
    public record WallFix(String knob, String path, long setTo, String unit, String fix, String errno) {
        public static final WallFix NONE = new WallFix("", "", -1, "", "", "");

        public boolean known() {
            return !knob.isEmpty();
        }

        public boolean tunable() {
            return setTo >= 0;
        }

        static WallFix of(capsim.resource.BreakingPoint bp) {
            return new WallFix(bp.knob(), capsim.scenario.ExperimentPaths.of(bp), bp.tunable() ? bp.suggestedKnobValue() : -1,
                    bp.knobSpec().unit().symbol(), bp.fix(), bp.errno().name());
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("knob", knob);
            o.addProperty("path", path);
            o.addProperty("setTo", setTo);
            o.addProperty("unit", unit);
            o.addProperty("fix", fix);
            o.addProperty("errno", errno);
            return o;
        }

        static WallFix fromJson(JsonObject o) {
            return new WallFix(o.get("knob").getAsString(), o.get("path").getAsString(), o.get("setTo").getAsLong(),
                    o.get("unit").getAsString(), o.get("fix").getAsString(), o.get("errno").getAsString());
        }
    }

    public static final Metric BROKE = Metric.ratio("outcome.broke", Unit.SHARE_OF_RUNS);
    public static final String BROKE_METRIC = BROKE.name();

    public RunRecord {
        metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
        types = Map.copyOf(types);
    }

    public static RunRecord of(BatchPlan.Case c, RunResult r) {
        SortedMap<String, Double> m = new TreeMap<>(r.metrics().values());
        Map<String, Metric> types = new HashMap<>();
        for (Metric t : r.metrics().types()) types.put(t.name(), t);
        m.put(BROKE_METRIC, r.outcome() == RunResult.Outcome.BROKE ? 1.0 : 0.0);
        types.put(BROKE_METRIC, BROKE);
        String wall = r.breakingPoints().isEmpty() ? "" : r.breakingPoints().get(0).resource();
        WallFix fix = r.breakingPoints().isEmpty() ? WallFix.NONE : WallFix.of(r.breakingPoints().get(0));
        return new RunRecord(c.index(), c.point(), c.variant(), c.replication(), c.seed(), r.outcome().json(), wall, fix, m, types);
    }

    /** The type of a metric of this run, or null. */
    public Metric type(String name) {
        return types.get(name);
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    public boolean broke() {
        return "broke".equals(outcome);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("case", index);
        o.addProperty("point", point);
        o.addProperty("variant", variant);
        o.addProperty("replication", replication);
        o.addProperty("seed", seed);
        o.addProperty("outcome", outcome);
        o.addProperty("firstWall", firstWall);
        if (wallFix.known()) o.add("wallFix", wallFix.toJson());
        o.add("metrics", JsonText.metrics(metrics));
        // the types, so a resumed batch reports units without re-running: name -> [unit, role, resource]
        JsonObject t = new JsonObject();
        for (String name : metrics.keySet()) {
            Metric m = types.get(name);
            if (m == null) continue;
            JsonArray a = new JsonArray();
            a.add(m.unit().symbol());
            a.add(m.role().name());
            a.add(m.resource());
            t.add(name, a);
        }
        o.add("types", t);
        return o;
    }

    public static RunRecord fromJson(JsonObject o) {
        SortedMap<String, Double> m = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
            m.put(e.getKey(), e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble());
        }
        Map<String, Metric> types = new HashMap<>();
        if (o.has("types")) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("types").entrySet()) {
                JsonArray a = e.getValue().getAsJsonArray();
                types.put(e.getKey(), new Metric(e.getKey(), Unit.ofSymbol(a.get(0).getAsString()),
                        MetricRole.valueOf(a.get(1).getAsString()), a.get(2).getAsString()));
            }
        }
        return new RunRecord(o.get("case").getAsInt(), o.get("point").getAsInt(), o.get("variant").getAsInt(),
                o.get("replication").getAsInt(), o.get("seed").getAsLong(), o.get("outcome").getAsString(),
                o.get("firstWall").getAsString(), o.has("wallFix") ? WallFix.fromJson(o.getAsJsonObject("wallFix")) : WallFix.NONE, m, types);
    }
}
