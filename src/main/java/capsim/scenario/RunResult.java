package capsim.scenario;

import capsim.measure.Unit;
import capsim.measure.Metrics;
import capsim.stat.Curve;
import capsim.model.HostSystem.GuestRow;
import capsim.resource.BreakingPoint;
import java.util.List;

/**
 * What one run produced: the outcome, the breaking points in order, the metrics (sorted by name),
 * one row per guest start, the usage of each tracked resource over time, and the curves the
 * steps produced (time per device against devices present, dump time against RAM).
 */
public record RunResult(
        String experiment,
        long seed,
        Outcome outcome,
        List<BreakingPoint> breakingPoints,
        Metrics metrics,
        List<GuestRow> guests,
        List<UsageTrace> usage,
        List<Curve> curves) {

    public RunResult(String experiment, long seed, Outcome outcome, List<BreakingPoint> breakingPoints,
                     Metrics metrics, List<GuestRow> guests, List<UsageTrace> usage) {
        this(experiment, seed, outcome, breakingPoints, metrics, guests, usage, List.of());
    }

    public enum Outcome {
        COMPLETED, BROKE;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A resource's usage over simulated time, against its limit, counted in {@code unit}. */
    public record UsageTrace(String resource, Unit unit, long limit, double[] timeS, long[] used) {
    }

    public double metric(String name) {
        return metrics.get(name);
    }
}
