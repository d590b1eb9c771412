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
                // a large memory limit also in GiB or TiB; the exact figures stay, the demand may exceed the limit by one MiB
                Readable big = Readable.of(bp.unit(), bp.limit());
                String also = big.unit() == bp.unit() || bp.limit() == Long.MAX_VALUE ? "" : " (" + big.text(bp.limit()) + ")";
                sb.append(String.format(Locale.ROOT, "%2d. at %s  %s: %s (%s) limit %s%s%s, demand %s%s -> %s%n", i++,
                        duration(bp.timeS()), bp.subject(), bp.resource(), bp.scope().label(), count(bp.limit()), unit, also,
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
            double l = m.role() == MetricRole.HIGH_WATER ? r.metrics().limitOf(m) : Double.NaN;
            // value and limit in one readable unit: host memory in GiB, a long time in minutes or hours
            Readable shown = Readable.of(m.unit(), Double.isNaN(l) ? v : Math.max(Math.abs(v), l));
            String limit = Double.isNaN(l) ? ""
                    : String.format(Locale.ROOT, "  (limit %s, %s)", shown.text(l), percent(v, l));
            String value = shown.text(v);
            if (MetricLabels.namesUnit(m.name(), m.unit())) {
                // the name says its unit (timeH): the figure stays in it, the readable one beside it
                Readable own = new Readable(m.unit(), 1);
                // (not below seconds: "0.0107 s" reads as it is)
                boolean helps = shown.unit() != m.unit() && v != 0 && !(shown.unit().isTime() && shown.unit().convert(1, Unit.S) < 1);
                value = own.text(v) + (helps ? " (" + shown.text(v) + ")" : "");
            }
            sb.append(String.format(Locale.ROOT, "  %-34s %s%s%n", m.name(), value, limit));
        }
        sb.append(String.format(Locale.ROOT, "%nwall time %.2f s", wallS));
        if (resultsDir != null) sb.append("; results in ").append(resultsDir);
        sb.append(System.lineSeparator());
        return sb.toString();
    }

    /** "35%", "<1%" (some use, below a percent), "0%": a share of a limit. */
    static String percent(double v, double limit) {
        if (!(limit > 0)) return "-";
        double p = 100 * v / limit;
        if (p > 0 && p < 0.5) return "<1%";
        return String.format(Locale.ROOT, "%.0f%%", p);
    }

    public static String duration(double s) {
        if (Double.isNaN(s)) return "-";
        // "0 s", not "0.0 µs": nothing had happened yet
        if (s == 0) return "0 s";
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
