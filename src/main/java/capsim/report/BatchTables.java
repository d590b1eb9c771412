package capsim.report;

import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.Difference;
import capsim.analysis.BatchAnalysis.Fit;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import capsim.experiment.RunRecord;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CSV tables of a finished batch: one row per run, per point and metric, per growth fit, per
 * paired difference, and columns.csv, which gives every column of the others its unit and meaning.
 * An axis column is named by the axis's first path (a tied axis's paths are in columns.csv);
 * long tables carry a unit column, wide ones (runs.csv) have their units in columns.csv.
 */
final class BatchTables {
    private BatchTables() {
    }

    /** Writes runs.csv, summary.csv, fits.csv, columns.csv and, for a comparison, differences.csv into {@code dir}. */
    static void write(Path dir, BatchAnalysis a, List<String> axisTitles) throws IOException {
        BatchPlan plan = a.plan();
        Columns columns = new Columns();
        List<String> metrics = new ArrayList<>(a.metricNames());
        boolean variants = plan.variants().size() > 1;
        try (Writer w = writer(dir.resolve("runs.csv"))) {
            List<String> h = new ArrayList<>(List.of("point"));
            if (variants) h.add("variant");
            h.addAll(List.of("replication", "seed"));
            for (Axis ax : plan.axes()) h.add(ax.shortLabel());
            h.addAll(List.of("outcome", "firstWall"));
            h.addAll(metrics);
            w.write(Csv.row(h));
            columns.add("runs.csv", "point", "", "index of the point in the plan");
            if (variants) columns.add("runs.csv", "variant", "", "variant name");
            columns.add("runs.csv", "replication", "", "replication at the point, from 0");
            columns.add("runs.csv", "seed", "", "seed of the run");
            axisColumns(columns, "runs.csv", plan, axisTitles);
            columns.add("runs.csv", "outcome", "", "completed or broke");
            columns.add("runs.csv", "firstWall", "", "resource of the run's first breaking point");
            for (String m : metrics) columns.add("runs.csv", m, a.metricType(m).unit().symbol(), MetricLabels.title(a.metricType(m)));
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
            for (Axis ax : plan.axes()) h.add(ax.shortLabel());
            h.addAll(List.of("metric", "n", "mean", "stdDev", "ciLow", "ciHigh", "halfWidth", "unit"));
            w.write(Csv.row(h));
            columns.add("summary.csv", "point", "", "index of the point in the plan");
            if (variants) columns.add("summary.csv", "variant", "", "variant name");
            axisColumns(columns, "summary.csv", plan, axisTitles);
            columns.add("summary.csv", "metric", "", "metric name (as in summary.json)");
            columns.add("summary.csv", "n", "", "replications with a value");
            for (String c : List.of("mean", "stdDev", "ciLow", "ciHigh", "halfWidth")) {
                columns.add("summary.csv", c, "(unit column)", c.equals("mean") ? "mean over the replications"
                        : c.equals("stdDev") ? "sample standard deviation" : c.equals("halfWidth") ? "half-width of the 95% interval"
                        : "95% Student-t interval, " + (c.equals("ciLow") ? "lower" : "upper") + " end");
            }
            columns.add("summary.csv", "unit", "", "unit of mean, stdDev, ciLow, ciHigh and halfWidth");
            for (PointSummary s : a.summaries()) {
                for (Map.Entry<String, MetricStat> e : s.metrics().entrySet()) {
                    MetricStat st = e.getValue();
                    List<String> row = new ArrayList<>(List.of(Integer.toString(s.point().index())));
                    if (variants) row.add(plan.variants().get(s.variant()).name());
                    for (JsonElement v : s.point().values()) row.add(Axis.text(v));
                    row.addAll(List.of(e.getKey(), Long.toString(st.n()), RunWriter.num(st.mean()), RunWriter.num(st.stdDev()),
                            RunWriter.num(st.lower()), RunWriter.num(st.upper()), RunWriter.num(st.halfWidth()),
                            a.metricType(e.getKey()).unit().symbol()));
                    w.write(Csv.row(row));
                }
            }
        }
        List<Fit> fits = a.fits();
        try (Writer w = writer(dir.resolve("fits.csv"))) {
            List<String> h = new ArrayList<>();
            if (variants) h.add("variant");
            h.addAll(List.of("axis", "series", "metric", "points", "brokenExcluded", "exponent", "exponentHalfWidth", "rSquared",
                    "coefficient", "unit"));
            w.write(Csv.row(h));
            if (variants) columns.add("fits.csv", "variant", "", "variant name");
            columns.add("fits.csv", "axis", "", "the axis fitted along (its paths, comma-separated)");
            columns.add("fits.csv", "series", "", "the other axes' values held");
            columns.add("fits.csv", "metric", "", "metric name");
            columns.add("fits.csv", "points", "", "points fitted: those where no run broke");
            columns.add("fits.csv", "brokenExcluded", "", "points of the series left out because a run broke there");
            columns.add("fits.csv", "exponent", "", "k of y = c·x^k");
            columns.add("fits.csv", "exponentHalfWidth", "", "half-width of the 95% interval of k");
            columns.add("fits.csv", "rSquared", "", "R² of the log-log fit");
            columns.add("fits.csv", "coefficient", "(unit column)", "c of y = c·x^k");
            columns.add("fits.csv", "unit", "", "unit of y and of c");
            for (Fit f : fits) {
                List<String> row = new ArrayList<>();
                if (variants) row.add(plan.variants().get(f.variant()).name());
                row.addAll(List.of(plan.axes().get(f.axis()).label(), f.series(), f.metric(), Integer.toString(f.fit().points()),
                        Integer.toString(f.brokenExcluded()),
                        RunWriter.num(f.fit().exponent()), RunWriter.num(f.fit().exponentHalfWidth()),
                        RunWriter.num(f.fit().rSquared()), RunWriter.num(f.fit().coefficient()), a.metricType(f.metric()).unit().symbol()));
                w.write(Csv.row(row));
            }
        }
        if (variants) {
            try (Writer w = writer(dir.resolve("differences.csv"))) {
                List<String> h = new ArrayList<>(List.of("point"));
                for (Axis ax : plan.axes()) h.add(ax.shortLabel());
                h.addAll(List.of("metric", "variant", "baseline", "n", "meanDifference", "ciLow", "ciHigh", "halfWidth", "unit"));
                w.write(Csv.row(h));
                columns.add("differences.csv", "point", "", "index of the point in the plan");
                axisColumns(columns, "differences.csv", plan, axisTitles);
                columns.add("differences.csv", "metric", "", "metric name");
                columns.add("differences.csv", "variant", "", "the variant");
                columns.add("differences.csv", "baseline", "", "the variant it is compared with (the first)");
                columns.add("differences.csv", "n", "", "pairs of runs (same seed)");
                for (String c : List.of("meanDifference", "ciLow", "ciHigh", "halfWidth")) {
                    columns.add("differences.csv", c, "(unit column)", c.equals("meanDifference") ? "mean of variant − baseline"
                            : "95% interval of the difference (" + c + ")");
                }
                columns.add("differences.csv", "unit", "", "unit of the difference columns");
                for (Difference d : a.differences()) {
                    List<String> row = new ArrayList<>(List.of(Integer.toString(d.point())));
                    for (JsonElement v : a.points().get(d.point()).values()) row.add(Axis.text(v));
                    row.addAll(List.of(d.metric(), plan.variants().get(d.variant()).name(), plan.variants().get(0).name(),
                            Long.toString(d.diff().n()), RunWriter.num(d.diff().mean()), RunWriter.num(d.diff().lower()),
                            RunWriter.num(d.diff().upper()), RunWriter.num(d.diff().halfWidth()), a.metricType(d.metric()).unit().symbol()));
                    w.write(Csv.row(row));
                }
            }
        }
        columns.write(dir.resolve("columns.csv"));
    }

    /** The axis columns: named by the first path, the tied paths and what they count in the meaning. */
    private static void axisColumns(Columns columns, String file, BatchPlan plan, List<String> axisTitles) {
        for (int k = 0; k < plan.axes().size(); k++) {
            Axis ax = plan.axes().get(k);
            columns.add(file, ax.shortLabel(), "", "axis: " + axisTitles.get(k) + " (" + String.join(" = ", ax.paths()) + ")");
        }
    }

    private static Writer writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }
}
