package capsim.report;

import java.util.Locale;

/** How numbers read in tables and legends: grouped values, growth exponents, means with their interval. (Units come from the metric types.) */
public final class MetricLabels {
    private MetricLabels() {
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
