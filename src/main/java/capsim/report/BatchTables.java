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

/** The CSV tables of a finished batch: one row per run, per point and metric, per growth fit, per paired difference. */
final class BatchTables {
    private BatchTables() {
    }

    /** Writes runs.csv, summary.csv, fits.csv and, for a comparison, differences.csv into {@code dir}. */
    static void write(Path dir, BatchAnalysis a) throws IOException {
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
            h.addAll(List.of("metric", "n", "mean", "stdDev", "ciLow", "ciHigh", "halfWidth", "unit"));
            w.write(Csv.row(h));
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
            h.addAll(List.of("axis", "series", "metric", "points", "exponent", "exponentHalfWidth", "rSquared", "coefficient", "unit"));
            w.write(Csv.row(h));
            for (Fit f : fits) {
                List<String> row = new ArrayList<>();
                if (variants) row.add(plan.variants().get(f.variant()).name());
                row.addAll(List.of(plan.axes().get(f.axis()).label(), f.series(), f.metric(), Integer.toString(f.fit().points()),
                        RunWriter.num(f.fit().exponent()), RunWriter.num(f.fit().exponentHalfWidth()),
                        RunWriter.num(f.fit().rSquared()), RunWriter.num(f.fit().coefficient()), a.metricType(f.metric()).unit().symbol()));
                w.write(Csv.row(row));
            }
        }
        if (variants) {
            try (Writer w = writer(dir.resolve("differences.csv"))) {
                List<String> h = new ArrayList<>(List.of("point"));
                for (Axis ax : plan.axes()) h.add(ax.label());
                h.addAll(List.of("metric", "variant", "baseline", "n", "meanDifference", "ciLow", "ciHigh", "halfWidth", "unit"));
                w.write(Csv.row(h));
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
    }

    private static Writer writer(Path p) throws IOException {
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
    }
}
