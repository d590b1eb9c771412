package capsim.report;

import java.util.Locale;

/** Axis names with units for metrics and paths, from the naming convention (units in the name). */
public final class MetricLabels {
    private MetricLabels() {
    }

    /** The unit of a metric: "s" for names ending in S, "MiB", "guests", "count"... */
    public static String unit(String metric) {
        if (metric.equals(capsim.experiment.RunRecord.BROKE_METRIC)) return "share of runs";
        if (metric.endsWith("MiB") || metric.endsWith("host.memory")) return "MiB";
        if (metric.endsWith("GiB")) return "GiB";
        if (metric.endsWith("Ms")) return "ms";
        if (metric.endsWith("Ns")) return "ns";
        if (metric.length() > 1 && metric.endsWith("H") && Character.isLowerCase(metric.charAt(metric.length() - 2))) return "h";
        if (metric.length() > 1 && metric.endsWith("S") && Character.isLowerCase(metric.charAt(metric.length() - 2))
                || metric.matches(".*p[0-9]+S$")) {
            return "s";
        }
        if (metric.equals("sim.events")) return "events";
        if (metric.startsWith("guests.")) return "guests";
        return "count";
    }

    /** True for a duration (s, ms, ns, h). */
    public static boolean isTime(String metric) {
        String u = unit(metric);
        return u.equals("s") || u.equals("ms") || u.equals("ns") || u.equals("h");
    }

    /** "start.latency.p95S (s)". */
    public static String axis(String metric) {
        return metric + " (" + unit(metric) + ")";
    }

    /** A value in a table: grouped, with up to 3 significant decimals. */
    public static String value(double v) {
        if (Double.isNaN(v)) return "-";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.3f", v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A growth exponent: "2.00 ± 0.03". */
    public static String exponent(double k, double halfWidth) {
        if (Double.isNaN(halfWidth)) return String.format(Locale.ROOT, "%.2f", k);
        return String.format(Locale.ROOT, "%.2f ± %.2f", k, halfWidth);
    }

    /** "5.23 ± 0.04" (the 95% half-width; no ± when it is zero or unknown). */
    public static String withCi(double mean, double halfWidth) {
        if (Double.isNaN(halfWidth) || halfWidth == 0 || Double.isNaN(mean)) return value(mean);
        // two significant digits of the half-width, and the mean to the same decimal place
        int decimals = (int) Math.max(0, Math.min(9, 1 - Math.floor(Math.log10(Math.abs(halfWidth)))));
        String f = "%,." + decimals + "f";
        return String.format(Locale.ROOT, f, mean) + " ± " + String.format(Locale.ROOT, f, halfWidth);
    }
}
