package capsim.report;

import capsim.config.JsonText;
import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.Difference;
import capsim.analysis.BatchAnalysis.Fit;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import capsim.analysis.GrowthFit;
import capsim.experiment.RunRecord;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files of a finished sweep or comparison: runs.csv (one row per run), summary.csv (mean and
 * 95% interval per point and metric), fits.csv (growth exponents), differences.csv (paired
 * differences against the first variant), summary.json, the charts, report.md and report.html.
 * Everything but the charts' pixels is a function of the plan and the runs only, so it does not
 * depend on the number of jobs or on a resume.
 */
public final class BatchReport {
    /** Metrics charted when none are named, in this order, when they exist and vary. */
    private static final List<String> PREFERRED = List.of("start.latency.p95S", "start.latency.meanS", "guests.started",
            "guests.failed", RunRecord.BROKE_METRIC, "sim.timeS");
    private static final int MAX_DEFAULT_CHARTS = 8;
    /** A resource used to at least this share of its limit somewhere in the batch is charted as a coming wall. */
    private static final double NEXT_WALL_SHARE = 0.25;

    private BatchReport() {
    }

    /** The metrics to chart: the plan's, or the preferred ones and the high-water marks of the walls hit. */
    public static List<String> chartMetrics(BatchAnalysis a) {
        if (!a.plan().metrics().isEmpty()) {
            return a.plan().metrics().stream().filter(m -> a.metricNames().contains(m)).toList();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String m : PREFERRED) if (a.metricNames().contains(m) && a.varies(m)) out.add(m);
        for (RunRecord r : a.records()) {
            if (!r.firstWall().isEmpty() && a.metricNames().contains("hw." + r.firstWall())) out.add("hw." + r.firstWall());
        }
        // the resources closest to their limits: the next walls
        Map<String, Double> share = new java.util.TreeMap<>();
        for (RunRecord r : a.records()) {
            for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                if (!e.getKey().startsWith("hw.")) continue;
                double limit = r.metric("limit." + e.getKey().substring(3));
                if (limit > 0 && e.getValue() > 0) share.merge(e.getKey(), e.getValue() / limit, Math::max);
            }
        }
        share.entrySet().stream().filter(e -> e.getValue() >= NEXT_WALL_SHARE)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(2)
                .forEach(e -> out.add(e.getKey()));
        // models add their own metrics (hotplug.totalS, dump.kdump.timeH...): times first, then counts
        List<String> others = new ArrayList<>();
        for (String m : a.metricNames()) {
            if (out.contains(m) || m.startsWith("limit.") || m.startsWith("hw.") || m.equals("sim.events")
                    || m.equals("steps.completed") || m.equals("guests.defined") || m.startsWith("wall.") || !a.varies(m)) {
                continue;
            }
            others.add(m);
        }
        others.sort(java.util.Comparator.comparing((String m) -> !MetricLabels.isTime(m)));
        for (String m : others) {
            if (out.size() >= MAX_DEFAULT_CHARTS) break;
            out.add(m);
        }
        return out.stream().limit(MAX_DEFAULT_CHARTS).toList();
    }

    public static void writeCsv(Path dir, BatchAnalysis a) throws IOException {
        BatchPlan plan = a.plan();
        List<String> metrics = new ArrayList<>(a.metricNames());
        boolean variants = plan.variants().size() > 1;
        try (Writer w = writer(dir.resolve("runs.csv"))) {
            List<String> h = new ArrayList<>(List.of("point"));
            if (variants) h.add("variant");
            h.addAll(List.of("replication", "seed"));
            for (Axis ax : plan.axes()) h.add(ax.label());
            h.addAll(List.of("outcome", "firstWall"));
            h.addAll(metrics);
            w.write(Csv.row(h));
            for (RunRecord r : a.records()) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(r.point())));
                if (variants) row.add(plan.variants().get(r.variant()).name());
                row.addAll(List.of(Integer.toString(r.replication()), Long.toString(r.seed())));
                for (JsonElement v : a.points().get(r.point()).values()) row.add(Axis.text(v));
                row.addAll(List.of(r.outcome(), r.firstWall()));
                for (String m : metrics) row.add(RunWriter.num(r.metric(m)));
                w.write(Csv.row(row));
            }
        }
        try (Writer w = writer(dir.resolve("summary.csv"))) {
            List<String> h = new ArrayList<>(List.of("point"));
            if (variants) h.add("variant");
            for (Axis ax : plan.axes()) h.add(ax.label());
            h.addAll(List.of("metric", "n", "mean", "stdDev", "ciLow", "ciHigh", "halfWidth"));
            w.write(Csv.row(h));
            for (PointSummary s : a.summaries()) {
                for (Map.Entry<String, MetricStat> e : s.metrics().entrySet()) {
                    MetricStat st = e.getValue();
                    List<String> row = new ArrayList<>(List.of(Integer.toString(s.point().index())));
                    if (variants) row.add(plan.variants().get(s.variant()).name());
                    for (JsonElement v : s.point().values()) row.add(Axis.text(v));
                    row.addAll(List.of(e.getKey(), Long.toString(st.n()), RunWriter.num(st.mean()), RunWriter.num(st.stdDev()),
                            RunWriter.num(st.lower()), RunWriter.num(st.upper()), RunWriter.num(st.halfWidth())));
                    w.write(Csv.row(row));
                }
            }
        }
        List<Fit> fits = a.fits();
        try (Writer w = writer(dir.resolve("fits.csv"))) {
            List<String> h = new ArrayList<>();
            if (variants) h.add("variant");
            h.addAll(List.of("axis", "series", "metric", "points", "exponent", "exponentHalfWidth", "rSquared", "coefficient"));
            w.write(Csv.row(h));
            for (Fit f : fits) {
                List<String> row = new ArrayList<>();
                if (variants) row.add(plan.variants().get(f.variant()).name());
                row.addAll(List.of(plan.axes().get(f.axis()).label(), f.series(), f.metric(), Integer.toString(f.fit().points()),
                        RunWriter.num(f.fit().exponent()), RunWriter.num(f.fit().exponentHalfWidth()),
                        RunWriter.num(f.fit().rSquared()), RunWriter.num(f.fit().coefficient())));
                w.write(Csv.row(row));
            }
        }
        if (variants) {
            try (Writer w = writer(dir.resolve("differences.csv"))) {
                List<String> h = new ArrayList<>(List.of("point"));
                for (Axis ax : plan.axes()) h.add(ax.label());
                h.addAll(List.of("metric", "variant", "baseline", "n", "meanDifference", "ciLow", "ciHigh", "halfWidth"));
                w.write(Csv.row(h));
                for (Difference d : a.differences()) {
                    List<String> row = new ArrayList<>(List.of(Integer.toString(d.point())));
                    for (JsonElement v : a.points().get(d.point()).values()) row.add(Axis.text(v));
                    row.addAll(List.of(d.metric(), plan.variants().get(d.variant()).name(), plan.variants().get(0).name(),
                            Long.toString(d.diff().n()), RunWriter.num(d.diff().mean()), RunWriter.num(d.diff().lower()),
                            RunWriter.num(d.diff().upper()), RunWriter.num(d.diff().halfWidth())));
                    w.write(Csv.row(row));
                }
            }
        }
    }

    private static Writer writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }

    /** The summary document: the plan, per point the statistics of every metric, the fits, the differences. */
    public static JsonObject summaryJson(BatchAnalysis a, String command) {
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

    /** Writes every output file of a finished batch into {@code dir}; each file appears whole or not at all. */
    public static void writeAll(Path dir, BatchAnalysis a, JsonObject resolvedBase, String command, String commandLine)
            throws IOException {
        Path tmp = Files.createTempDirectory(dir, ".out-");
        try {
            writeCsv(tmp, a);
            RunWriter.writeString(tmp.resolve("summary.json"), JsonText.PRETTY.toJson(summaryJson(a, command)) + "\n");
            RunWriter.writeString(tmp.resolve("experiment.resolved.json"), JsonText.PRETTY.toJson(resolvedBase) + "\n");
            List<RunReport.Written> charts = charts(tmp, a);
            report(tmp, a, resolvedBase, command, commandLine, charts);
            try (var files = Files.walk(tmp)) {
                // summary.json marks a finished folder: it moves last
                List<Path> order = new ArrayList<>(files.sorted().toList());
                order.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString().equals("summary.json")));
                for (Path p : order) {
                    if (p.equals(tmp)) continue;
                    Path target = dir.resolve(tmp.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.move(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The charts: per metric the curves with bands over the x axis and the log-log view, or bars per variant. */
    public static List<RunReport.Written> charts(Path dir, BatchAnalysis a) throws IOException {
        List<RunReport.Written> out = new ArrayList<>();
        Path charts = dir.resolve("charts");
        BatchPlan plan = a.plan();
        int x = a.xAxis();
        String name = experimentName(plan);
        for (String m : chartMetrics(a)) {
            String file = m.replaceAll("[^A-Za-z0-9._-]", "_");
            if (x < 0) {
                if (plan.variants().size() < 2 && plan.pointCount() < 2) continue;
                List<String> names = new ArrayList<>();
                List<Double> means = new ArrayList<>();
                List<Double> halves = new ArrayList<>();
                for (PointSummary s : a.summaries()) {
                    String label = plan.variants().size() > 1 ? plan.variants().get(s.variant()).name() : "";
                    String series = plan.axes().size() == 1 ? BatchAnalysis.shortText(s.point().values().get(0))
                            : a.seriesLabel(s.point(), -1);
                    names.add(label.isEmpty() ? series : series.isEmpty() ? label : label + " " + series);
                    means.add(s.stat(m).mean());
                    halves.add(s.stat(m).halfWidth());
                }
                boolean byVariant = plan.variants().size() > 1;
                String title = m + (byVariant ? " per variant" : " per " + plan.axes().get(0).shortLabel());
                String category = byVariant ? "variant" : String.join(", ", plan.axes().stream().map(Axis::shortLabel).toList());
                Charts.save(Charts.bars(title, subtitle(plan), category, MetricLabels.axis(m), names,
                        means.stream().mapToDouble(Double::doubleValue).toArray(),
                        halves.stream().mapToDouble(Double::doubleValue).toArray()), charts, file);
                out.add(new RunReport.Written(title, file));
                continue;
            }
            Axis axis = plan.axes().get(x);
            List<Charts.Curve> curves = new ArrayList<>();
            List<GrowthFit> fits = new ArrayList<>();
            for (Map.Entry<String, List<BatchPlan.Point>> s : a.seriesAlong(x).entrySet()) {
                for (int v = 0; v < plan.variants().size(); v++) {
                    List<BatchPlan.Point> pts = s.getValue();
                    double[] xs = new double[pts.size()];
                    double[] mean = new double[pts.size()];
                    double[] lo = new double[pts.size()];
                    double[] hi = new double[pts.size()];
                    for (int i = 0; i < pts.size(); i++) {
                        xs[i] = pts.get(i).values().get(x).getAsDouble();
                        MetricStat st = a.summary(pts.get(i).index(), v).stat(m);
                        mean[i] = st.mean();
                        lo[i] = st.lower();
                        hi[i] = st.upper();
                    }
                    String label = plan.variants().size() > 1 ? plan.variants().get(v).name() : "";
                    if (!s.getKey().isEmpty()) label = label.isEmpty() ? s.getKey() : label + ", " + s.getKey();
                    curves.add(new Charts.Curve(label, xs, mean, lo, hi));
                    fits.add(a.fit(v, x, pts, m));
                }
            }
            List<Charts.Mark> marks = new ArrayList<>();
            if (curves.size() == 1) {
                double firstBreak = Double.POSITIVE_INFINITY;
                String wall = "";
                for (PointSummary ps : a.summaries()) {
                    double xv = ps.point().values().get(x).getAsDouble();
                    if (ps.broke() > 0 && xv < firstBreak) {
                        firstBreak = xv;
                        wall = String.join(", ", ps.firstWalls().keySet());
                    }
                }
                if (Double.isFinite(firstBreak)) marks.add(new Charts.Mark(firstBreak, "breaks: " + wall));
            }
            String bandNote = plan.replications() > 1 ? "mean of " + plan.replications() + " replications, 95% confidence band"
                    : "one replication per point";
            String title = m + " against " + axis.shortLabel() + (plan.variants().size() > 1 ? ": variants" : "");
            Charts.save(Charts.curves(title, name + " — " + bandNote, axisLabel(axis), MetricLabels.axis(m), curves, marks), charts, file);
            out.add(new RunReport.Written(title, file));
            // the log-log view says something only where a curve grows by a factor of two or more
            boolean grows = false;
            for (int i = 0; i < curves.size(); i++) {
                if (fits.get(i) == null) continue;
                double min = Double.POSITIVE_INFINITY, max = 0;
                for (double y : curves.get(i).mean()) {
                    if (y > 0) {
                        min = Math.min(min, y);
                        max = Math.max(max, y);
                    }
                }
                if (max >= 2 * min) grows = true;
            }
            if (grows) {
                String t2 = m + " against " + axis.shortLabel() + ", log-log with fitted growth";
                Charts.save(Charts.logLog(t2, name + " — power law y = c·x^k fitted to the means", axisLabel(axis),
                        MetricLabels.axis(m), curves, fits), charts, file + ".loglog");
                out.add(new RunReport.Written(t2, file + ".loglog"));
            }
        }
        return out;
    }

    static String axisLabel(Axis a) {
        return String.join(" = ", a.paths());
    }

    static String experimentName(BatchPlan plan) {
        String f = Path.of(plan.experiment()).getFileName().toString();
        return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
    }

    static String subtitle(BatchPlan plan) {
        return experimentName(plan) + " — " + (plan.replications() > 1 ? "mean ± 95% CI over " + plan.replications() + " replications"
                : "one replication");
    }

    private static void report(Path dir, BatchAnalysis a, JsonObject resolvedBase, String command, String commandLine,
                               List<RunReport.Written> charts) throws IOException {
        BatchPlan plan = a.plan();
        boolean compare = plan.variants().size() > 1;
        ReportDoc doc = new ReportDoc("capsim " + command + ": " + experimentName(plan));
        doc.para("Command: `" + commandLine + "`");
        List<String> facts = new ArrayList<>();
        facts.add("experiment: `" + plan.experiment() + "`");
        for (Axis ax : plan.axes()) {
            List<String> vs = ax.values().stream().map(Axis::text).toList();
            facts.add("axis `" + ax.label() + "`: " + String.join(", ", vs));
        }
        if (compare) {
            for (BatchPlan.Variant v : plan.variants()) {
                List<String> os = new ArrayList<>();
                v.overrides().forEach((k, val) -> os.add(k + "=" + Axis.text(val)));
                facts.add("variant **" + v.name() + "**: " + (os.isEmpty() ? "as the experiment is" : "`" + String.join(", ", os) + "`")
                        + (v == plan.variants().get(0) ? " (baseline)" : ""));
            }
        }
        if (!plan.sets().isEmpty()) {
            List<String> os = new ArrayList<>();
            plan.sets().forEach((k, val) -> os.add(k + "=" + Axis.text(val)));
            facts.add("overrides: `" + String.join(", ", os) + "`");
        }
        facts.add(plan.replications() + " replication(s) per point on seeds " + plan.baseSeed() + ".."
                + (plan.baseSeed() + plan.replications() - 1) + (compare ? ", the same seeds for every variant (common random numbers)" : ""));
        facts.add(a.records().size() + " runs, " + a.brokeRuns() + " broke");
        doc.bullets(facts);

        List<String> metrics = chartMetrics(a);
        doc.heading("Summary per point (mean ± 95% CI)");
        List<String> header = new ArrayList<>();
        if (compare) header.add("variant");
        for (Axis ax : plan.axes()) header.add(">" + ax.shortLabel());
        header.add(">broke");
        header.add("first wall");
        for (String m : metrics) header.add(">" + m);
        List<List<String>> rows = new ArrayList<>();
        for (PointSummary s : a.summaries()) {
            List<String> row = new ArrayList<>();
            if (compare) row.add(plan.variants().get(s.variant()).name());
            for (JsonElement v : s.point().values()) row.add(Axis.text(v));
            row.add(s.broke() + "/" + s.runs());
            row.add(String.join(", ", s.firstWalls().keySet()));
            for (String m : metrics) row.add(MetricLabels.withCi(s.stat(m).mean(), s.stat(m).halfWidth()));
            rows.add(row);
        }
        doc.table(header, rows);

        if (compare) {
            doc.heading("Paired differences against " + plan.variants().get(0).name() + " (mean ± 95% CI)");
            doc.para("Each replication of a variant ran on the same seed as the baseline's, so the difference is paired run by run.");
            List<String> dh = new ArrayList<>(List.of("variant"));
            for (Axis ax : plan.axes()) dh.add(">" + ax.shortLabel());
            for (String m : metrics) dh.add(">Δ " + m);
            List<List<String>> drows = new ArrayList<>();
            Map<String, MetricStat> byKey = new java.util.HashMap<>();
            for (Difference d : a.differences()) byKey.put(d.point() + "/" + d.variant() + "/" + d.metric(), d.diff());
            for (BatchPlan.Point p : a.points()) {
                for (int v = 1; v < plan.variants().size(); v++) {
                    List<String> row = new ArrayList<>(List.of(plan.variants().get(v).name()));
                    for (JsonElement val : p.values()) row.add(Axis.text(val));
                    for (String m : metrics) {
                        MetricStat d = byKey.get(p.index() + "/" + v + "/" + m);
                        row.add(d == null ? "-" : MetricLabels.withCi(d.mean(), d.halfWidth()));
                    }
                    drows.add(row);
                }
            }
            doc.table(dh, drows);
        }

        List<Fit> fits = a.fits().stream().filter(f -> metrics.contains(f.metric())).toList();
        if (!fits.isEmpty()) {
            doc.heading("Growth (power law y = c·x^k on the means)");
            List<List<String>> frows = new ArrayList<>();
            for (Fit f : fits) {
                frows.add(List.of(compare ? plan.variants().get(f.variant()).name() : "", "`" + f.metric() + "`",
                        plan.axes().get(f.axis()).shortLabel(), f.series(),
                        MetricLabels.exponent(f.fit().exponent(), f.fit().exponentHalfWidth()),
                        String.format(java.util.Locale.ROOT, "%.4f", f.fit().rSquared()), Integer.toString(f.fit().points())));
            }
            doc.table(List.of("variant", "metric", "along", "series", ">exponent k", ">R²", ">points"), frows);
            doc.para("All fits (every varying metric) are in `fits.csv`.");
        }
        doc.heading("Charts");
        for (RunReport.Written w : charts) doc.chart(w.title(), w.name());
        doc.para("Files: `runs.csv` (one row per run), `summary.csv` (every metric per point), `fits.csv`"
                + (compare ? ", `differences.csv`" : "") + ", `summary.json`, `journal.jsonl` (finished runs, for resume).");
        doc.heading("Inputs as resolved (first point)");
        doc.code("json", JsonText.PRETTY.toJson(resolvedBase) + "\n", "experiment.resolved.json");
        doc.write(dir);
    }
}
