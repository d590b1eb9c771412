package capsim.report;

import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import capsim.analysis.GrowthFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The charts of a finished batch: per metric the curves with 95% bands along the x axis and the log-log view with the fits, or bars per point or variant. */
final class BatchCharts {
    private BatchCharts() {
    }

    /** The charts: per metric the curves with bands over the x axis and the log-log view, or bars per variant. */
    static List<RunReport.Written> write(Path dir, BatchAnalysis a) throws IOException {
        List<RunReport.Written> out = new ArrayList<>();
        Path charts = dir.resolve("charts");
        BatchPlan plan = a.plan();
        int x = a.xAxis();
        String name = experimentName(plan);
        for (String m : BatchMetrics.chartMetrics(a)) {
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
                ChartFiles.save(Charts.bars(title, subtitle(plan), category, a.metricType(m).label(), names,
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
            ChartFiles.save(Charts.curves(title, name + " — " + bandNote, axisLabel(axis), a.metricType(m).label(), curves, marks), charts, file);
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
                ChartFiles.save(Charts.logLog(t2, name + " — power law y = c·x^k fitted to the means", axisLabel(axis),
                        a.metricType(m).label(), curves, fits), charts, file + ".loglog");
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
}
