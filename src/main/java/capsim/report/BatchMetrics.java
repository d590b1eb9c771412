package capsim.report;

import capsim.measure.MetricRole;
import capsim.measure.Metric;
import capsim.analysis.BatchAnalysis;
import capsim.experiment.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which metrics a batch's tables and charts show when none are named: the preferred ones, the walls hit and the next walls. */
public final class BatchMetrics {
    /** Metrics charted when none are named, in this order, when they exist and vary. */
    private static final List<String> PREFERRED = List.of("start.latency.p95S", "start.latency.meanS", "guests.started",
            "guests.failed", RunRecord.BROKE_METRIC, "sim.timeS");
    private static final int MAX_DEFAULT_CHARTS = 8;
    /** A resource used to at least this share of its limit somewhere in the batch is charted as a coming wall. */
    private static final double NEXT_WALL_SHARE = 0.25;

    private BatchMetrics() {
    }

    /** The metrics to chart: the plan's, or the preferred ones and the high-water marks of the walls hit. */
    public static List<String> chartMetrics(BatchAnalysis a) {
        if (!a.plan().metrics().isEmpty()) {
            return a.plan().metrics().stream().filter(m -> a.metricNames().contains(m)).toList();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String m : PREFERRED) if (a.metricNames().contains(m) && a.varies(m)) out.add(m);
        for (RunRecord r : a.records()) {
            if (!r.firstWall().isEmpty()) a.highWaterOf(r.firstWall()).ifPresent(m -> out.add(m.name()));
        }
        // the resources closest to their limits: the next walls
        Map<String, Double> share = new java.util.TreeMap<>();
        for (RunRecord r : a.records()) {
            for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                Metric t = a.metricType(e.getKey());
                if (t.role() != MetricRole.HIGH_WATER) continue;
                double limit = r.metric(t.limitMetric().name());
                if (limit > 0 && e.getValue() > 0) share.merge(e.getKey(), e.getValue() / limit, Math::max);
            }
        }
        share.entrySet().stream().filter(e -> e.getValue() >= NEXT_WALL_SHARE)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(2)
                .forEach(e -> out.add(e.getKey()));
        // models add their own metrics (hotplug.totalS, dump.kdump.timeH...): times first, then counts
        List<String> others = new ArrayList<>();
        for (String m : a.metricNames()) {
            MetricRole role = a.metricType(m).role();
            if (out.contains(m) || role == MetricRole.LIMIT || role == MetricRole.HIGH_WATER || m.equals("sim.events")
                    || m.equals("steps.completed") || m.equals("guests.defined") || m.startsWith("wall.") || !a.varies(m)) {
                continue;
            }
            others.add(m);
        }
        others.sort(java.util.Comparator.comparing((String m) -> a.metricType(m).role() != MetricRole.TIME));
        for (String m : others) {
            if (out.size() >= MAX_DEFAULT_CHARTS) break;
            out.add(m);
        }
        return out.stream().limit(MAX_DEFAULT_CHARTS).toList();
    }
}
