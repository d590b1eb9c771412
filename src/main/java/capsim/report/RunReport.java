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
        // usage over time says nothing when no simulated time passed (a dump's time is computed): usageNote says so instead
        if (!shares.isEmpty() && !noTimePassed(r)) {
            String title = "Resource usage against limits: " + r.experiment();
            ChartFiles.save(Charts.usage(title, subtitle, "usage (% of limit)", shares, 100, marks, true), charts, prefix + "usage");
            out.add(new Written(title, prefix + "usage"));
        }
        for (BreakingPoint bp : r.breakingPoints()) {
            RunResult.UsageTrace u = trace(r, bp.resource());
            if (u == null) continue;
            double[][] tv = toEnd(u, r.metric("sim.timeS"));
            String title = bp.resource() + " against its limit";
            double limit = u.limit() == Long.MAX_VALUE ? Double.NaN : u.limit();
            // host RAM in GiB or TiB, not MiB up to millions
            Readable shown = Readable.of(u.unit(), Math.max(Readable.max(tv[1]), Double.isNaN(limit) ? 0 : limit));
            String sub = bp.knob() + ": limit " + shown.text(bp.limit()) + ", first refused at "
                    + HumanSummary.duration(bp.timeS()) + " (" + bp.errno() + ")"
                    + (bp.tunable() ? ", workload needs " + shown.text(bp.suggested()) : "");
            List<Charts.Mark> m = List.of(new Charts.Mark(bp.timeS(), "breaking point " + bp.errno()));
            String name = prefix + "usage-" + bp.resource().replaceAll("[^A-Za-z0-9._-]", "_");
            ChartFiles.save(Charts.usage(title, sub, bp.resource() + " in use (" + shown.unit().symbol() + ")",
                    List.of(new Charts.Trace("in use", tv[0], shown.of(tv[1]))), shown.of(limit), m, false, shown.unit()),
                    charts, name);
            out.add(new Written(title, name));
        }
        return out;
    }

    /**
     * Charts of the curves a run's steps produced (time per device against the devices present,
     * dump time against RAM): the duration columns, grouped by unit, against the column the rows
     * are measured against (the curve's typed columns say which), in x order; rows whose
     * operation failed are crosses, not points of the line. Names read as words, values in a
     * readable unit (hours, GiB).
     */
    public static List<Written> curveCharts(RunResult r, Path dir, String subtitle) throws IOException {
        List<Written> out = new ArrayList<>();
        for (capsim.stat.Curve c : r.curves()) {
            if (c.rows() < 2) continue;
            capsim.stat.Curve.Column against = c.against();
            String x = against.name();
            java.util.Map<Unit, List<capsim.stat.Curve.Column>> byUnit = new java.util.LinkedHashMap<>();
            double[] xsRaw = c.column(x);
            // durations only: start and end timestamps say when, not how long; a curve without durations (CPU over time) charts its values
            boolean durations = c.columnTypes().stream().anyMatch(col -> col.role() == capsim.stat.Curve.Role.DURATION);
            capsim.stat.Curve.Role shown = durations ? capsim.stat.Curve.Role.DURATION : capsim.stat.Curve.Role.VALUE;
            boolean[] failed = new boolean[c.rows()];
            for (capsim.stat.Curve.Column col : c.columnTypes()) {
                if (col.role() != capsim.stat.Curve.Role.FAILED) continue;
                double[] f = c.column(col.name());
                for (int i = 0; i < f.length; i++) failed[i] |= f[i] != 0;
            }
            for (capsim.stat.Curve.Column col : c.columnTypes()) {
                if (col.name().equals(x) || col.role() != shown) continue;
                byUnit.computeIfAbsent(col.unit(), u -> new ArrayList<>()).add(col);
            }
            Readable xShown = Readable.of(against.unit(), Readable.max(xsRaw));
            double[] xs = xShown.of(xsRaw);
            String xTitle = MetricLabels.withUnit(MetricLabels.words(x, against.unit()), xShown.unit());
            for (java.util.Map.Entry<Unit, List<capsim.stat.Curve.Column>> e : byUnit.entrySet()) {
                List<String> names = e.getValue().stream().map(col -> MetricLabels.words(col.name(), col.unit())).toList();
                double max = 0;
                for (capsim.stat.Curve.Column col : e.getValue()) max = Math.max(max, Readable.max(c.column(col.name())));
                // long durations in minutes, hours or days, memory in GiB or TiB
                Readable yShown = Readable.of(e.getKey(), max);
                List<Charts.Trace> traces = new ArrayList<>();
                List<Double> fx = new ArrayList<>();
                List<Double> fy = new ArrayList<>();
                for (capsim.stat.Curve.Column col : e.getValue()) {
                    double[] v = yShown.of(c.column(col.name()));
                    List<Double> tx = new ArrayList<>();
                    List<Double> ty = new ArrayList<>();
                    for (int i = 0; i < v.length; i++) {
                        if (failed[i]) {
                            fx.add(xs[i]);
                            fy.add(v[i]);
                        } else {
                            tx.add(xs[i]);
                            ty.add(v[i]);
                        }
                    }
                    traces.add(new Charts.Trace(MetricLabels.words(col.name(), col.unit()), unbox(tx), unbox(ty)));
                }
                Charts.Trace fails = fx.isEmpty() ? null : new Charts.Trace("failed (" + fx.size() / e.getValue().size() + ")", unbox(fx), unbox(fy));
                String title = MetricLabels.words(c.name(), Unit.COUNT) + ": " + String.join(", ", names) + " against "
                        + MetricLabels.words(x, against.unit());
                String name = "curve-" + c.name() + (byUnit.size() > 1 ? "-" + e.getKey().symbol() : "");
                String yTitle = e.getKey().isTime() ? "time (" + yShown.unit().symbol() + ")"
                        : e.getValue().size() == 1 ? MetricLabels.withUnit(names.get(0), yShown.unit()) : yShown.unit().symbol();
                ChartFiles.save(Charts.lines(title, subtitle, xTitle, yTitle, traces, fails), dir.resolve("charts"), name);
                out.add(new Written(title, name));
            }
        }
        return out;
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** True when the run's steps took no simulated time: every figure was computed at time 0. */
    static boolean noTimePassed(RunResult r) {
        return !(r.metric("sim.timeS") > 0);
    }

    /** Why a run has no usage chart, for its report ("" when it has one or tracks nothing). */
    public static String usageNote(RunResult r) {
        return noTimePassed(r) ? "No usage chart: no simulated time passed (the steps' figures are computed, not simulated over time)." : "";
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
        doc.verdict(Verdict.run(resolved, r));
        doc.para("Command: `" + command + "`");
        doc.para("Outcome: **" + (r.outcome() == RunResult.Outcome.COMPLETED ? "completed" : "broke") + "** after "
                + HumanSummary.duration(r.metric("sim.timeS")) + " simulated (seed " + r.seed() + ").");
        breakingPoints(doc, r.breakingPoints());
        if (!usageNote(r).isEmpty()) doc.para(usageNote(r));
        for (Written w : charts) doc.chart(w.title(), w.name());
        metrics(doc, r.metrics());
        Verdict.basis(doc, resolved);
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
            // the scope beside the resource: one column less, so the table fits an 800 px page
            rows.add(List.of(Integer.toString(i++), HumanSummary.duration(bp.timeS()), bp.subject(), bp.resource() + " (" + bp.scope().label() + ")",
                    HumanSummary.count(bp.limit()), HumanSummary.count(bp.demand()), bp.errno().name(),
                    bp.knob(), bp.tunable() ? HumanSummary.knobValue(bp) : (bp.slo() ? "your SLO" : "hard limit") + (bp.fix().isEmpty() ? "" : ": " + bp.fix())));
        }
        doc.table(List.of(">#", "time", "who", "resource (scope)", ">limit", ">demand", "errno", "knob", "set to"), rows);
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
