package capsim.analysis;

import capsim.measure.MetricRole;
import capsim.measure.Metric;
import capsim.experiment.RunRecord;
import capsim.experiment.BatchPlan;
import capsim.experiment.Axis;
import capsim.stat.ConfidenceInterval;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statistics of a finished batch: per (variant, point) the mean and 95% Student-t interval
 * of every metric over the replications; per metric a power-law growth fit along each numeric
 * axis, on the points where no run broke (a broken run's figures stop at its wall, so they would
 * bend the exponent); and, against the first variant (the baseline), the paired difference of
 * every metric with its 95% interval (paired by seed: the variants shared their random numbers).
 */
public final class BatchAnalysis {
    public static final double LEVEL = 0.95;

    /** Mean and 95% interval of one metric over n replications (NaN values left out). */
    public record MetricStat(long n, double mean, double stdDev, double halfWidth) {
        public double lower() {
            return mean - halfWidth;
        }

        public double upper() {
            return mean + halfWidth;
        }

        public static MetricStat of(double[] values) {
            long n = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isNaN(v)) continue;
                n++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (n == 0) return new MetricStat(0, Double.NaN, Double.NaN, Double.NaN);
            // equal values: exactly that value with no spread (a summed mean would be off by rounding)
            if (min == max) return new MetricStat(n, min, n < 2 ? Double.NaN : 0, n < 2 ? Double.NaN : 0);
            double mean = sum / n;
            double ss = 0;
            for (double v : values) if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
            double sd = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
            ConfidenceInterval ci = ConfidenceInterval.studentT(mean, n < 2 ? 0 : sd, n, LEVEL);
            return new MetricStat(n, mean, sd, ci.halfWidth());
        }
    }

    /** One variant at one point, over its replications. */
    public record PointSummary(int variant, BatchPlan.Point point, int runs, int broke,
                               SortedMap<String, MetricStat> metrics, SortedMap<String, Integer> firstWalls) {
        public MetricStat stat(String metric) {
            return metrics.get(metric);
        }

        /** True when a run at this point broke: its figures are not a completed run's. */
        public boolean anyBroke() {
            return broke > 0;
        }
    }

    /**
     * A growth fit of one metric along one axis, the other axes held at the values in {@code series}.
     *
     * @param brokenExcluded points of the series left out of the fit because a run there broke
     */
    public record Fit(int variant, int axis, String series, String metric, GrowthFit fit, int brokenExcluded) {
    }

    /** The paired difference variant − baseline of one metric at one point. */
    public record Difference(int point, int variant, String metric, MetricStat diff) {
    }

    private final BatchPlan plan;
    private final List<BatchPlan.Point> points;
    private final List<RunRecord> records;
    private final List<PointSummary> summaries = new ArrayList<>();
    private final SortedSet<String> metricNames = new TreeSet<>();

    public BatchAnalysis(BatchPlan plan, List<RunRecord> records) {
        this.plan = plan;
        this.points = plan.points();
        this.records = List.copyOf(records);
        for (RunRecord r : records) metricNames.addAll(r.metrics().keySet());
        RunRecord[] byCase = byCase();
        int reps = plan.replications();
        for (BatchPlan.Point p : points) {
            for (int v = 0; v < plan.variants().size(); v++) {
                List<RunRecord> rs = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    RunRecord rec = byCase[plan.caseIndex(p.index(), v, r)];
                    if (rec != null) rs.add(rec);
                }
                SortedMap<String, MetricStat> stats = new TreeMap<>();
                for (String m : metricNames) {
                    double[] vals = new double[rs.size()];
                    for (int i = 0; i < vals.length; i++) vals[i] = rs.get(i).metric(m);
                    stats.put(m, MetricStat.of(vals));
                }
                SortedMap<String, Integer> walls = new TreeMap<>();
                int broke = 0;
                for (RunRecord rec : rs) {
                    if (rec.broke()) broke++;
                    if (!rec.firstWall().isEmpty()) walls.merge(rec.firstWall(), 1, Integer::sum);
                }
                summaries.add(new PointSummary(v, p, rs.size(), broke, stats, walls));
            }
        }
    }

    private RunRecord[] byCase() {
        RunRecord[] out = new RunRecord[plan.caseCount()];
        for (RunRecord r : records) out[r.index()] = r;
        return out;
    }

    public BatchPlan plan() {
        return plan;
    }

    public List<BatchPlan.Point> points() {
        return points;
    }

    public List<RunRecord> records() {
        return records;
    }

    public SortedSet<String> metricNames() {
        return metricNames;
    }

    /** The type of a metric as the runs reported it (a count when no run typed it: a journal from before types). */
    public Metric metricType(String name) {
        for (RunRecord r : records) {
            Metric t = r.type(name);
            if (t != null) return t;
        }
        return Metric.count(name);
    }

    /** The high-water metric of a resource, when some run reported one. */
    public java.util.Optional<Metric> highWaterOf(String resource) {
        for (String m : metricNames) {
            Metric t = metricType(m);
            if (t.role() == MetricRole.HIGH_WATER && t.resource().equals(resource)) return java.util.Optional.of(t);
        }
        return java.util.Optional.empty();
    }

    public List<PointSummary> summaries() {
        return summaries;
    }

    public PointSummary summary(int point, int variant) {
        return summaries.get(point * plan.variants().size() + variant);
    }

    /** True when the metric takes more than one value over the whole batch. */
    public boolean varies(String metric) {
        double first = Double.NaN;
        for (RunRecord r : records) {
            double v = r.metric(metric);
            if (Double.isNaN(v)) continue;
            if (Double.isNaN(first)) first = v;
            else if (v != first) return true;
        }
        return false;
    }

    public int brokeRuns() {
        int n = 0;
        for (RunRecord r : records) if (r.broke()) n++;
        return n;
    }

    /** The index of the axis charts use as x: the first numeric axis with at least two values; -1 if none. */
    public int xAxis() {
        for (int k = 0; k < plan.axes().size(); k++) {
            Axis a = plan.axes().get(k);
            if (a.numeric() && a.values().size() >= 2) return k;
        }
        return -1;
    }

    /**
     * The points along axis {@code axis}, grouped by the values of the other axes: each group is
     * one curve (in axis-value order of the plan).
     */
    public Map<String, List<BatchPlan.Point>> seriesAlong(int axis) {
        Map<String, List<BatchPlan.Point>> out = new LinkedHashMap<>();
        for (BatchPlan.Point p : points) {
            out.computeIfAbsent(seriesLabel(p, axis), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** "guest.disks=4, host.cpus=64": the other axes' values of a point; "" with one axis. */
    public String seriesLabel(BatchPlan.Point p, int exceptAxis) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < plan.axes().size(); k++) {
            if (k == exceptAxis) continue;
            if (sb.length() > 0) sb.append(", ");
            sb.append(plan.axes().get(k).shortLabel()).append('=').append(shortText(p.values().get(k)));
        }
        return sb.toString();
    }

    /** A value for labels: a model file path shortened to its name ("models/stacks/debian12.json" → "debian12"). */
    public static String shortText(JsonElement e) {
        String t = Axis.text(e);
        if (t.endsWith(".json") && t.contains("/")) return t.substring(t.lastIndexOf('/') + 1, t.length() - 5);
        return t;
    }

    /** Growth fits of every varying metric along every numeric axis with enough points. */
    public List<Fit> fits() {
        List<Fit> out = new ArrayList<>();
        for (int k = 0; k < plan.axes().size(); k++) {
            Axis a = plan.axes().get(k);
            if (!a.numeric() || a.values().size() < GrowthFit.MIN_POINTS) continue;
            for (Map.Entry<String, List<BatchPlan.Point>> s : seriesAlong(k).entrySet()) {
                for (int v = 0; v < plan.variants().size(); v++) {
                    for (String m : metricNames) {
                        GrowthFit f = fit(v, k, s.getValue(), m);
                        if (f != null) out.add(new Fit(v, k, s.getKey(), m, f, brokenPoints(v, s.getValue())));
                    }
                }
            }
        }
        return out;
    }

    /** The growth fit of the means of a metric over the given points (along axis k) where no run broke. */
    public GrowthFit fit(int variant, int axis, List<BatchPlan.Point> pts, String metric) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i).values().get(axis).getAsDouble();
            PointSummary s = summary(pts.get(i).index(), variant);
            MetricStat st = s.stat(metric);
            // NaN leaves the point out of the fit
            y[i] = st == null || s.anyBroke() ? Double.NaN : st.mean();
        }
        return GrowthFit.fit(x, y);
    }

    /** How many of the points had a run that broke (for variant {@code variant}): left out of fits. */
    public int brokenPoints(int variant, List<BatchPlan.Point> pts) {
        int n = 0;
        for (BatchPlan.Point p : pts) if (summary(p.index(), variant).anyBroke()) n++;
        return n;
    }

    /** Paired differences of every metric, each variant against variant 0, at every point. */
    public List<Difference> differences() {
        List<Difference> out = new ArrayList<>();
        RunRecord[] byCase = byCase();
        int reps = plan.replications();
        for (BatchPlan.Point p : points) {
            for (int v = 1; v < plan.variants().size(); v++) {
                for (String m : metricNames) {
                    double[] d = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        RunRecord a = byCase[plan.caseIndex(p.index(), 0, r)];
                        RunRecord b = byCase[plan.caseIndex(p.index(), v, r)];
                        d[r] = a == null || b == null ? Double.NaN : b.metric(m) - a.metric(m);
                    }
                    out.add(new Difference(p.index(), v, m, MetricStat.of(d)));
                }
            }
        }
        return out;
    }
}
