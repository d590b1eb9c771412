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
 */
public record RunRecord(int index, int point, int variant, int replication, long seed, String outcome,
                        String firstWall, SortedMap<String, Double> metrics, Map<String, Metric> types) {

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
        return new RunRecord(c.index(), c.point(), c.variant(), c.replication(), c.seed(), r.outcome().json(), wall, m, types);
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
                o.get("firstWall").getAsString(), m, types);
    }
}
