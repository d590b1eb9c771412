package capsim.report;

import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.MetricStat;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.experiment.BatchPlan;
import capsim.analysis.GrowthFit;
import capsim.measure.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The charts of a finished batch: per metric the curves with 95% bands along the x axis and the log-log view with the fits, or bars per point or variant. */
final class BatchCharts {
    private BatchCharts() {
    }

    /**
     * The charts: per metric the curves with bands over the x axis and the log-log view, or bars
     * per variant. Axes read as words with units ({@code axisTitles}: one per plan axis, from
     * {@link PathTitles}); points where a run broke are marked and left out of the fits.
     */
    static List<RunReport.Written> write(Path dir, BatchAnalysis a, List<String> axisTitles) throws IOException {
        List<RunReport.Written> out = new ArrayList<>();
        Path charts = dir.resolve("charts");
        BatchPlan plan = a.plan();
        int x = a.xAxis();
        String name = experimentName(plan);
        for (String m : BatchMetrics.chartMetrics(a)) {
            String file = m.replaceAll("[^A-Za-z0-9._-]", "_");
            Metric type = a.metricType(m);
            String what = MetricLabels.title(type);
            if (x < 0) {
                if (plan.variants().size() < 2 && plan.pointCount() < 2) continue;
                List<String> names = new ArrayList<>();
                List<Double> means = new ArrayList<>();
                List<Double> halves = new ArrayList<>();
                for (PointSummary s : a.summaries()) {
                    String label = plan.variants().size() > 1 ? plan.variants().get(s.variant()).name() : "";
                    String series = plan.axes().size() == 1 ? BatchAnalysis.shortText(s.point().values().get(0))
                            : a.seriesLabel(s.point(), -1);
                    String n = label.isEmpty() ? series : series.isEmpty() ? label : label + " " + series;
                    names.add(s.anyBroke() ? n + " (broke " + s.broke() + "/" + s.runs() + ")" : n);
                    means.add(s.stat(m).mean());
                    halves.add(s.stat(m).halfWidth());
                }
                double[] mv = means.stream().mapToDouble(Double::doubleValue).toArray();
                double[] hv = halves.stream().mapToDouble(Double::doubleValue).toArray();
                Readable shown = Readable.of(type.unit(), Readable.max(mv));
                boolean byVariant = plan.variants().size() > 1;
                String title = what + (byVariant ? " per variant" : " per " + axisTitles.get(0));
                String category = byVariant ? "variant" : String.join(", ", axisTitles);
                ChartFiles.save(Charts.bars(title, subtitle(plan, hasInterval(hv)), category,
                        MetricLabels.axisTitle(type, shown.unit()), names, shown.of(mv), shown.of(hv)), charts, file);
                out.add(new RunReport.Written(title, file));
                continue;
            }
            List<Charts.Curve> curves = new ArrayList<>();
            List<GrowthFit> fits = new ArrayList<>();
            int brokenPoints = 0;
            for (Map.Entry<String, List<BatchPlan.Point>> s : a.seriesAlong(x).entrySet()) {
                for (int v = 0; v < plan.variants().size(); v++) {
                    List<BatchPlan.Point> pts = s.getValue();
                    double[] xs = new double[pts.size()];
                    double[] mean = new double[pts.size()];
                    double[] lo = new double[pts.size()];
                    double[] hi = new double[pts.size()];
                    boolean[] broke = new boolean[pts.size()];
                    for (int i = 0; i < pts.size(); i++) {
                        xs[i] = pts.get(i).values().get(x).getAsDouble();
                        PointSummary ps = a.summary(pts.get(i).index(), v);
                        MetricStat st = ps.stat(m);
                        mean[i] = st.mean();
                        lo[i] = st.lower();
                        hi[i] = st.upper();
                        broke[i] = ps.anyBroke();
                        if (broke[i]) brokenPoints++;
                    }
                    String label = plan.variants().size() > 1 ? plan.variants().get(v).name() : "";
                    if (!s.getKey().isEmpty()) label = label.isEmpty() ? s.getKey() : label + ", " + s.getKey();
                    curves.add(new Charts.Curve(label, xs, mean, lo, hi, broke));
                    fits.add(a.fit(v, x, pts, m));
                }
            }
            double max = 0;
            for (Charts.Curve c : curves) max = Math.max(max, Readable.max(c.mean(), c.upper()));
            Readable shown = Readable.of(type.unit(), max);
            List<Charts.Curve> scaled = curves.stream().map(c -> c.scaled(shown.factor())).toList();
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
            boolean band = curves.stream().anyMatch(c -> hasInterval(c.lower(), c.upper()));
            String bandNote = plan.replications() > 1 ? "mean of " + plan.replications() + " replications"
                    + (band ? ", 95% confidence band" : " (they agree: no band)") : "one replication per point";
            String brokeNote = brokenPoints == 0 ? "" : "; ✕ = a run broke there";
            String xTitle = axisTitles.get(x);
            String yTitle = MetricLabels.axisTitle(type, shown.unit());
            String title = what + " against " + xTitle + (plan.variants().size() > 1 ? ": variants" : "");
            ChartFiles.save(Charts.curves(title, name + " — " + bandNote + brokeNote, xTitle, yTitle, scaled, marks), charts, file);
            out.add(new RunReport.Written(title, file));
            // the log-log view says something only where a curve grows by a factor of two or more
            boolean grows = false;
            for (int i = 0; i < curves.size(); i++) {
                if (fits.get(i) == null) continue;
                double min = Double.POSITIVE_INFINITY, top = 0;
                for (double y : curves.get(i).mean()) {
                    if (y > 0) {
                        min = Math.min(min, y);
                        top = Math.max(top, y);
                    }
                }
                if (top >= 2 * min) grows = true;
            }
            if (grows) {
                String t2 = what + " against " + xTitle + ", log-log with fitted growth";
                String fitNote = brokenPoints == 0 ? "power law y = c·x^k fitted to the means"
                        : "power law y = c·x^k fitted to the means of completed points; " + brokenPoints
                        + (brokenPoints == 1 ? " point" : " points") + " where a run broke (✕) left out";
                // a power law scales with the unit: the fit's coefficient is converted with the means
                List<GrowthFit> shownFits = fits.stream().map(f -> f == null ? null : new GrowthFit(f.exponent(), f.exponentHalfWidth(),
                        f.coefficient() * shown.factor(), f.rSquared(), f.points())).toList();
                ChartFiles.save(Charts.logLog(t2, name + " — " + fitNote, xTitle, yTitle, scaled, shownFits), charts, file + ".loglog");
                out.add(new RunReport.Written(t2, file + ".loglog"));
            }
        }
        return out;
    }

    /** True when some interval has width: a band or error bar would show. */
    private static boolean hasInterval(double[] lower, double[] upper) {
        for (int i = 0; i < lower.length; i++) if (upper[i] > lower[i]) return true;
        return false;
    }

    private static boolean hasInterval(double[] halfWidths) {
        for (double h : halfWidths) if (h > 0) return true;
        return false;
    }

    static String experimentName(BatchPlan plan) {
        String f = Path.of(plan.experiment()).getFileName().toString();
        return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
    }

    /** The bar chart's subtitle: the 95% interval is named only when the bars show one. */
    static String subtitle(BatchPlan plan, boolean interval) {
        return experimentName(plan) + " — " + (plan.replications() > 1 ? (interval ? "mean ± 95% CI over " : "mean of ")
                + plan.replications() + " replications" : "one replication");
    }
}
