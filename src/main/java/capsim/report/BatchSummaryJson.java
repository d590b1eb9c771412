package capsim.report;

import capsim.config.JsonText;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.Difference;
import capsim.analysis.BatchAnalysis.Fit;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;

/** summary.json of a finished batch (and the --json document of sweep and compare): the plan, the statistics per point, the fits, the differences. */
public final class BatchSummaryJson {
    private BatchSummaryJson() {
    }

    /** The summary document: the plan, per point the statistics of every metric, the fits, the differences. */
    public static JsonObject of(BatchAnalysis a, String command) {
        BatchPlan plan = a.plan();
        JsonObject o = new JsonObject();
        o.addProperty("command", command);
        o.add("plan", plan.toJson());
        o.addProperty("points", plan.pointCount());
        o.addProperty("runs", a.records().size());
        o.addProperty("brokeRuns", a.brokeRuns());
        JsonArray points = new JsonArray();
        for (PointSummary s : a.summaries()) {
            JsonObject p = new JsonObject();
            p.addProperty("point", s.point().index());
            if (plan.variants().size() > 1) p.addProperty("variant", plan.variants().get(s.variant()).name());
            p.add("values", values(plan, s.point()));
            p.addProperty("runs", s.runs());
            p.addProperty("broke", s.broke());
            JsonObject walls = new JsonObject();
            s.firstWalls().forEach(walls::addProperty);
            p.add("firstWalls", walls);
            JsonObject ms = new JsonObject();
            for (Map.Entry<String, MetricStat> e : s.metrics().entrySet()) ms.add(e.getKey(), stat(e.getValue()));
            p.add("metrics", ms);
            points.add(p);
        }
        o.add("summary", points);
        JsonArray fits = new JsonArray();
        for (Fit f : a.fits()) {
            JsonObject fo = new JsonObject();
            if (plan.variants().size() > 1) fo.addProperty("variant", plan.variants().get(f.variant()).name());
            fo.addProperty("axis", plan.axes().get(f.axis()).label());
            fo.addProperty("series", f.series());
            fo.addProperty("metric", f.metric());
            fo.addProperty("points", f.fit().points());
            // points where a run broke are not fitted: say how many
            fo.addProperty("brokenPointsExcluded", f.brokenExcluded());
            fo.add("exponent", JsonText.number(f.fit().exponent()));
            fo.add("exponentHalfWidth", JsonText.number(f.fit().exponentHalfWidth()));
            fo.add("rSquared", JsonText.number(f.fit().rSquared()));
            fits.add(fo);
        }
        o.add("fits", fits);
        if (plan.variants().size() > 1) {
            JsonArray diffs = new JsonArray();
            for (Difference d : a.differences()) {
                JsonObject dd = stat(d.diff());
                dd.addProperty("point", d.point());
                dd.addProperty("metric", d.metric());
                dd.addProperty("variant", plan.variants().get(d.variant()).name());
                dd.addProperty("baseline", plan.variants().get(0).name());
                diffs.add(dd);
            }
            o.add("differences", diffs);
        }
        return o;
    }

    static JsonObject values(BatchPlan plan, BatchPlan.Point p) {
        JsonObject v = new JsonObject();
        for (int k = 0; k < plan.axes().size(); k++) v.add(plan.axes().get(k).label(), p.values().get(k));
        return v;
    }

    static JsonObject stat(MetricStat s) {
        JsonObject o = new JsonObject();
        o.addProperty("n", s.n());
        o.add("mean", JsonText.number(s.mean()));
        o.add("halfWidth", JsonText.number(s.halfWidth()));
        o.add("lower", JsonText.number(s.lower()));
        o.add("upper", JsonText.number(s.upper()));
        return o;
    }
}
