package capsim.report;

import capsim.config.JsonText;
import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.Difference;
import capsim.analysis.BatchAnalysis.Fit;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** report.md / report.html of a finished batch: the facts of the plan, the summary table, paired differences, growth fits, charts and inputs. */
final class BatchReportDoc {
    private BatchReportDoc() {
    }

    /** Writes report.md and report.html into {@code dir}. */
    static void write(Path dir, BatchAnalysis a, JsonObject resolvedBase, String command, String commandLine,
                      List<RunReport.Written> charts) throws IOException {
        BatchPlan plan = a.plan();
        boolean compare = plan.variants().size() > 1;
        ReportDoc doc = new ReportDoc("capsim " + command + ": " + BatchCharts.experimentName(plan));
        doc.verdict(Verdict.batch(a, resolvedBase));
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

        List<String> metrics = BatchMetrics.chartMetrics(a);
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
        doc.table(header, rows, (compare ? 1 : 0) + plan.axes().size());

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
            doc.table(dh, drows, 1 + plan.axes().size());
        }

        List<Fit> fits = a.fits().stream().filter(f -> metrics.contains(f.metric())).toList();
        if (!fits.isEmpty()) {
            doc.heading("Growth (power law y = c·x^k on the means)");
            List<List<String>> frows = new ArrayList<>();
            for (Fit f : fits) {
                frows.add(List.of(compare ? plan.variants().get(f.variant()).name() : "", "`" + f.metric() + "`",
                        plan.axes().get(f.axis()).shortLabel(), f.series(),
                        MetricLabels.exponent(f.fit().exponent(), f.fit().exponentHalfWidth()),
                        String.format(java.util.Locale.ROOT, "%.4f", f.fit().rSquared()), Integer.toString(f.fit().points()),
                        Integer.toString(f.brokenExcluded())));
            }
            doc.table(List.of("variant", "metric", "along", "series", ">exponent k", ">R²", ">points", ">broken, left out"), frows);
            int left = fits.stream().mapToInt(Fit::brokenExcluded).max().orElse(0);
            doc.para((left == 0 ? "Every point completed, and every point is fitted."
                    : "Fits are on the completed points only: a point where a run broke (its figures stop at the wall) is left out.")
                    + " All fits (every varying metric) are in `fits.csv`.");
        }
        doc.heading("Charts");
        for (RunReport.Written w : charts) doc.chart(w.title(), w.name());
        doc.para("Files: `runs.csv` (one row per run), `summary.csv` (every metric per point), `fits.csv`"
                + (compare ? ", `differences.csv`" : "") + ", `summary.json`, `journal.jsonl` (finished runs, for resume).");
        Verdict.basis(doc, resolvedBase);
        doc.heading("Inputs as resolved (first point)");
        doc.code("json", JsonText.PRETTY.toJson(resolvedBase) + "\n", "experiment.resolved.json");
        doc.write(dir);
    }
}
