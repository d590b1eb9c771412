package capsim.report;

import capsim.measure.Unit;
import capsim.measure.Metrics;
import capsim.measure.Metric;
import capsim.config.JsonText;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Charts and report of one run: each tracked resource's usage against its limit over simulated
 * time with the breaking points marked (one overview in percent of the limits, one chart per
 * resource that broke), report.md and report.html.
 */
public final class RunReport {
    /** Resources below this share of their limit stay off the overview chart. */
    private static final double OVERVIEW_MIN_SHARE = 0.01;

    /** A chart that was written: its title and file name (without extension) under charts/. */
    public record Written(String title, String name) {
    }

    private RunReport() {
    }

    /** Writes the usage charts of a run under {@code dir/charts}; returns them in order. */
    public static List<Written> usageCharts(RunResult r, Path dir, String prefix, String subtitle) throws IOException {
        List<Written> out = new ArrayList<>();
        Path charts = dir.resolve("charts");
        List<Charts.Trace> shares = new ArrayList<>();
        for (RunResult.UsageTrace u : r.usage()) {
            if (u.limit() == Long.MAX_VALUE || u.limit() <= 0) continue;
            long peak = 0;
            for (long v : u.used()) peak = Math.max(peak, v);
            boolean broke = r.breakingPoints().stream().anyMatch(b -> b.resource().equals(u.resource()));
            if (!broke && peak < OVERVIEW_MIN_SHARE * u.limit()) continue;
            double[] used = toEnd(u, r.metric("sim.timeS"))[1];
            double[] pct = new double[used.length];
            for (int i = 0; i < pct.length; i++) pct[i] = 100.0 * used[i] / u.limit();
            shares.add(new Charts.Trace(u.resource(), toEnd(u, r.metric("sim.timeS"))[0], pct));
        }
        List<Charts.Mark> marks = new ArrayList<>();
        for (BreakingPoint bp : r.breakingPoints()) marks.add(new Charts.Mark(bp.timeS(), bp.resource() + " " + bp.errno()));
        if (!shares.isEmpty()) {
            String title = "Resource usage against limits: " + r.experiment();
            ChartFiles.save(Charts.usage(title, subtitle, "usage (% of limit)", shares, 100, marks, true), charts, prefix + "usage");
            out.add(new Written(title, prefix + "usage"));
        }
        for (BreakingPoint bp : r.breakingPoints()) {
            RunResult.UsageTrace u = trace(r, bp.resource());
            if (u == null) continue;
            double[][] tv = toEnd(u, r.metric("sim.timeS"));
            String title = bp.resource() + " against its limit";
            String sub = bp.knob() + ": limit " + HumanSummary.count(bp.limit()) + ", first refused at "
                    + HumanSummary.duration(bp.timeS()) + " (" + bp.errno() + ")"
                    + (bp.tunable() ? ", workload needs " + HumanSummary.count(bp.suggested()) : "");
            List<Charts.Mark> m = List.of(new Charts.Mark(bp.timeS(), "breaking point " + bp.errno()));
            String name = prefix + "usage-" + bp.resource().replaceAll("[^A-Za-z0-9._-]", "_");
            ChartFiles.save(Charts.usage(title, sub, bp.resource() + " in use (" + u.unit().symbol() + ")",
                    List.of(new Charts.Trace("in use", tv[0], tv[1])), u.limit() == Long.MAX_VALUE ? Double.NaN : u.limit(), m, false),
                    charts, name);
            out.add(new Written(title, name));
        }
        return out;
    }

    /**
     * Charts of the curves a run's steps produced (time per device against the devices present,
     * dump time against RAM): the duration columns, grouped by unit, against the column the rows
     * are measured against (the curve's typed columns say which).
     */
    public static List<Written> curveCharts(RunResult r, Path dir, String subtitle) throws IOException {
        List<Written> out = new ArrayList<>();
        for (capsim.stat.Curve c : r.curves()) {
            if (c.rows() < 2) continue;
            String x = c.against().name();
            java.util.Map<Unit, List<Charts.Trace>> byUnit = new java.util.LinkedHashMap<>();
            double[] xs = c.column(x);
            // durations only: start and end timestamps say when, not how long; a curve without durations (CPU over time) charts its values
            boolean durations = c.columnTypes().stream().anyMatch(col -> col.role() == capsim.stat.Curve.Role.DURATION);
            capsim.stat.Curve.Role shown = durations ? capsim.stat.Curve.Role.DURATION : capsim.stat.Curve.Role.VALUE;
            for (capsim.stat.Curve.Column col : c.columnTypes()) {
                if (col.name().equals(x) || col.role() != shown) continue;
                byUnit.computeIfAbsent(col.unit(), u -> new ArrayList<>()).add(new Charts.Trace(col.name(), xs, c.column(col.name())));
            }
            for (java.util.Map.Entry<Unit, List<Charts.Trace>> e : byUnit.entrySet()) {
                List<String> names = e.getValue().stream().map(Charts.Trace::name).toList();
                String title = c.name() + ": " + String.join(", ", names) + " against " + x;
                String name = "curve-" + c.name() + (byUnit.size() > 1 ? "-" + e.getKey().symbol() : "");
                // long durations in minutes, hours or days, not tens of thousands of seconds
                if (!e.getKey().isTime()) {
                    ChartFiles.save(Charts.lines(title, subtitle, x, e.getKey().symbol(), e.getValue()), dir.resolve("charts"), name);
                    out.add(new Written(title, name));
                    continue;
                }
                double toSeconds = e.getKey().convert(1, Unit.S);
                double max = 0;
                for (Charts.Trace t : e.getValue()) for (double v : t.value()) if (Double.isFinite(v)) max = Math.max(max, v * toSeconds);
                String unit = e.getKey().symbol();
                List<Charts.Trace> traces = e.getValue();
                if (max >= 10 || e.getKey() == Unit.H) {
                    TimeUnit tu = TimeUnit.forSpan(max);
                    double factor = toSeconds / tu.seconds;
                    unit = tu.label;
                    traces = traces.stream().map(t -> {
                        double[] v = t.value().clone();
                        for (int i = 0; i < v.length; i++) v[i] *= factor;
                        return new Charts.Trace(t.name(), t.timeS(), v);
                    }).toList();
                }
                ChartFiles.save(Charts.lines(title, subtitle, x, "time (" + unit + ")", traces), dir.resolve("charts"), name);
                out.add(new Written(title, name));
            }
        }
        return out;
    }

    /** A usage trace as times and values, held at its last value to the end of the run. */
    static double[][] toEnd(RunResult.UsageTrace u, double endS) {
        int n = u.timeS().length;
        boolean extend = n > 0 && Double.isFinite(endS) && endS > u.timeS()[n - 1];
        double[] t = java.util.Arrays.copyOf(u.timeS(), extend ? n + 1 : n);
        double[] v = new double[t.length];
        for (int i = 0; i < n; i++) v[i] = u.used()[i];
        if (extend) {
            t[n] = endS;
            v[n] = u.used()[n - 1];
        }
        return new double[][] {t, v};
    }

    private static RunResult.UsageTrace trace(RunResult r, String resource) {
        for (RunResult.UsageTrace u : r.usage()) if (u.resource().equals(resource)) return u;
        return null;
    }

    /** Charts and report.md/report.html of {@code capsim run}. */
    public static void write(Path dir, RunResult r, JsonObject resolved, String command) throws IOException {
        List<Written> charts = new ArrayList<>(usageCharts(r, dir, "", "seed " + r.seed()));
        charts.addAll(curveCharts(r, dir, "seed " + r.seed()));
        ReportDoc doc = new ReportDoc("capsim run: " + r.experiment());
        doc.para("Command: `" + command + "`");
        doc.para("Outcome: **" + (r.outcome() == RunResult.Outcome.COMPLETED ? "completed" : "broke") + "** after "
                + HumanSummary.duration(r.metric("sim.timeS")) + " simulated (seed " + r.seed() + ").");
        breakingPoints(doc, r.breakingPoints());
        for (Written w : charts) doc.chart(w.title(), w.name());
        metrics(doc, r.metrics());
        inputs(doc, resolved);
        doc.write(dir);
    }

    public static void breakingPoints(ReportDoc doc, List<BreakingPoint> bps) {
        breakingPoints(doc, bps, "Breaking points");
    }

    public static void breakingPoints(ReportDoc doc, List<BreakingPoint> bps, String heading) {
        if (bps.isEmpty()) return;
        doc.heading(heading);
        List<List<String>> rows = new ArrayList<>();
        int i = 1;
        for (BreakingPoint bp : bps) {
            rows.add(List.of(Integer.toString(i++), HumanSummary.duration(bp.timeS()), bp.subject(), bp.resource(),
                    bp.scope().label(), HumanSummary.count(bp.limit()), HumanSummary.count(bp.demand()), bp.errno().name(),
                    bp.knob(), bp.tunable() ? HumanSummary.knobValue(bp) : (bp.slo() ? "your SLO" : "hard limit") + (bp.fix().isEmpty() ? "" : ": " + bp.fix())));
        }
        doc.table(List.of(">#", "time", "who", "resource", "scope", ">limit", ">demand", "errno", "knob", "set to"), rows);
    }

    public static void metrics(ReportDoc doc, Metrics metrics) {
        doc.heading("Metrics");
        List<List<String>> rows = new ArrayList<>();
        for (Metric m : metrics.types()) {
            rows.add(List.of("`" + m.name() + "`", MetricLabels.value(metrics.get(m.name())), m.unit().symbol()));
        }
        doc.table(List.of("metric", ">value", "unit"), rows);
    }

    public static void inputs(ReportDoc doc, JsonObject resolved) {
        doc.heading("Inputs as resolved");
        doc.code("json", JsonText.PRETTY.toJson(resolved) + "\n", "experiment.resolved.json");
    }
}
