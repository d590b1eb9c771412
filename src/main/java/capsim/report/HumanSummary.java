package capsim.report;

import capsim.measure.Unit;
import capsim.measure.MetricRole;
import capsim.measure.Metric;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The text a person reads after {@code capsim run}: outcome, walls with knobs, key metrics. */
public final class HumanSummary {
    private HumanSummary() {
    }

    public static String format(RunResult r, Path resultsDir, double wallS) {
        StringBuilder sb = new StringBuilder();
        double simS = r.metric("sim.timeS");
        // a step computed from counts (a dump's time) takes no simulated time: say so, not "after 0.0 µs"
        String when = simS > 0 ? "after " + duration(simS) + " simulated" : "(computed: no simulated time passed)";
        sb.append(String.format(Locale.ROOT, "%s (seed %d): %s %s%n", r.experiment(), r.seed(),
                r.outcome() == RunResult.Outcome.COMPLETED ? "completed" : "BROKE", when));
        if (!r.breakingPoints().isEmpty()) {
            sb.append(String.format("%nBreaking points (first of each resource, in order):%n"));
            int i = 1;
            for (BreakingPoint bp : r.breakingPoints()) {
                String unit = bp.unit() == Unit.COUNT ? "" : " " + bp.unit().symbol();
                sb.append(String.format(Locale.ROOT, "%2d. at %s  %s: %s (%s) limit %s%s, demand %s%s -> %s%n", i++,
                        duration(bp.timeS()), bp.subject(), bp.resource(), bp.scope().label(), count(bp.limit()), unit,
                        count(bp.demand()), unit, bp.errno()));
                if (bp.tunable()) {
                    sb.append(String.format(Locale.ROOT, "      knob: %s, set to at least %s%n", bp.knob(), knobValue(bp)));
                } else if (bp.slo()) {
                    sb.append(String.format(Locale.ROOT, "      your SLO: %s (no host setting moves it: %s)%n", bp.knob(),
                            bp.fix().isEmpty() ? "relax it in the experiment" : "the fix meets it, or relax it in the experiment"));
                } else {
                    sb.append(String.format(Locale.ROOT, "      hard limit: %s (no knob moves it)%n", bp.knob()));
                }
                if (!bp.fix().isEmpty()) sb.append("      fix: ").append(bp.fix()).append(System.lineSeparator());
            }
        }
        sb.append(String.format("%nMetrics:%n"));
        for (Metric m : r.metrics().types()) {
            if (m.role() == MetricRole.LIMIT) continue;
            double v = r.metrics().get(m.name());
            String limit = "";
            if (m.role() == MetricRole.HIGH_WATER) {
                double l = r.metrics().limitOf(m);
                if (!Double.isNaN(l)) limit = String.format(Locale.ROOT, "  (limit %s, %.0f%%)", count((long) l), 100 * v / l);
            }
            String unit = m.unit() == Unit.COUNT || m.unit() == Unit.RATIO ? "" : " " + m.unit().symbol();
            sb.append(String.format(Locale.ROOT, "  %-34s %s%s%s%n", m.name(), capsim.report.MetricLabels.value(v), unit, limit));
        }
        sb.append(String.format(Locale.ROOT, "%nwall time %.2f s", wallS));
        if (resultsDir != null) sb.append("; results in ").append(resultsDir);
        sb.append(System.lineSeparator());
        return sb.toString();
    }

    public static String duration(double s) {
        if (Double.isNaN(s)) return "-";
        if (s < 1e-3) return String.format(Locale.ROOT, "%.1f µs", s * 1e6);
        if (s < 1) return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
        if (s < 120) return String.format(Locale.ROOT, "%.2f s", s);
        if (s < 7200) return String.format(Locale.ROOT, "%.1f min", s / 60);
        if (s < 172800) return String.format(Locale.ROOT, "%.1f h", s / 3600);
        return String.format(Locale.ROOT, "%.1f days", s / 86400);
    }

    /** "1,232" or "2,936 GiB": the suggested value in the knob's own unit. */
    public static String knobValue(BreakingPoint bp) {
        Unit u = bp.knobSpec().unit();
        String v = count(bp.suggestedKnobValue());
        return u == Unit.COUNT ? v : v + " " + u.symbol();
    }

    public static String count(long v) {
        return v == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", v);
    }
}
