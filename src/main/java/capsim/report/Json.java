package capsim.report;

import capsim.scenario.ExperimentPaths;
import capsim.config.JsonText;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/** The JSON documents capsim writes: the run contract of {@code capsim run --json} and summary.json. */
public final class Json {
    private Json() {
    }

    public static JsonObject breakingPoint(BreakingPoint bp) {
        JsonObject o = new JsonObject();
        o.addProperty("timeS", bp.timeS());
        o.addProperty("subject", bp.subject());
        o.addProperty("resource", bp.resource());
        o.addProperty("scope", bp.scope().label());
        o.addProperty("limit", bp.limit());
        o.addProperty("demand", bp.demand());
        o.addProperty("unit", bp.unit().symbol());
        o.addProperty("errno", bp.errno().name());
        o.addProperty("knob", bp.knob());
        String path = ExperimentPaths.of(bp);
        if (!path.isEmpty()) o.addProperty("knobPath", path);
        o.addProperty("suggested", bp.suggested());
        if (bp.tunable() && !path.isEmpty()) {
            // the value to set, in the knob's own unit (host RAM in GiB for a pool of MiB)
            o.addProperty("knobValue", bp.suggestedKnobValue());
            o.addProperty("knobUnit", bp.knobSpec().unit().symbol());
        }
        o.addProperty("tunable", bp.tunable());
        if (!bp.fix().isEmpty()) o.addProperty("fix", bp.fix());
        return o;
    }

    /**
     * The stable run document: experiment, seed, outcome, breakingPoints, metrics. The summary
     * file holds exactly this (deterministic); stdout adds resultsDir and wall-clock metrics.
     */
    public static JsonObject runDocument(RunResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("experiment", r.experiment());
        o.addProperty("seed", r.seed());
        o.addProperty("outcome", r.outcome().json());
        JsonArray bps = new JsonArray();
        for (BreakingPoint bp : r.breakingPoints()) bps.add(breakingPoint(bp));
        o.add("breakingPoints", bps);
        o.add("metrics", JsonText.metrics(r.metrics().values()));
        return o;
    }
}
