package capsim.report;

import capsim.measure.Metric;
import capsim.measure.MetricRole;
import capsim.measure.Unit;
import java.util.Locale;
import java.util.Map;

/**
 * How numbers and names read in charts, tables and legends: grouped values, growth exponents,
 * means with their interval, and a metric's or column's name as words ("start latency p95" for
 * {@code start.latency.p95S}). Units come from the metric types; a name's unit suffix is dropped
 * because the unit is printed beside it.
 */
public final class MetricLabels {
    /** How a name's unit suffix is spelled for each unit ("p95S", "downtimeMs", "ramGiB"). */
    private static final Map<Unit, String> SUFFIX = Map.ofEntries(Map.entry(Unit.NS, "Ns"), Map.entry(Unit.US, "Us"),
            Map.entry(Unit.MS, "Ms"), Map.entry(Unit.S, "S"), Map.entry(Unit.MIN, "Min"), Map.entry(Unit.H, "H"),
            Map.entry(Unit.BYTES, "Bytes"), Map.entry(Unit.KIB, "KiB"), Map.entry(Unit.MIB, "MiB"), Map.entry(Unit.GIB, "GiB"),
            Map.entry(Unit.CPUS, "Cpus"), Map.entry(Unit.PER_S, "PerS"), Map.entry(Unit.MIB_PER_S, "MiBps"));
    /** Words written in capitals or shortened in a name. */
    private static final Map<String, String> WORDS = Map.of("ram", "RAM", "cpu", "CPU", "cpus", "CPUs", "irq", "IRQ",
            "ipv6", "IPv6", "mac", "MAC", "sim", "simulated", "hw", "peak", "kvm", "KVM", "qemu", "QEMU");

    private MetricLabels() {
    }

    /** A metric as a reader names it: "start latency p95", "host.memory in use (peak)", "kernel.pid_max limit". */
    public static String title(Metric m) {
        if (m.role() == MetricRole.HIGH_WATER) return m.resource() + " in use (peak)";
        if (m.role() == MetricRole.LIMIT) return m.resource() + " limit";
        return words(m.name(), m.unit());
    }

    /** An axis title: the metric's words and the unit shown ("start latency p95 (s)"). */
    public static String axisTitle(Metric m, Unit shown) {
        return withUnit(title(m), shown);
    }

    /** "guests", "RAM (GiB)": a title with its unit, unless the unit is a bare count or the title names it. */
    public static String withUnit(String title, Unit unit) {
        if (unit == Unit.COUNT || unit == Unit.RATIO || title.endsWith(unit.symbol())) return title;
        return title + " (" + unit.symbol() + ")";
    }

    /** True when a name ends in its unit ("p95S" in s, "ramGiB" in GiB): a reader expects the figure in that unit. */
    public static boolean namesUnit(String name, Unit unit) {
        String suffix = SUFFIX.get(unit);
        return suffix != null && name.endsWith(suffix) && name.length() > suffix.length()
                && name.charAt(name.length() - suffix.length() - 1) != '.';
    }

    /**
     * A dotted camel-case name as words, its unit suffix dropped: "standaloneS" (s) is "standalone",
     * "qemu.commit.perProcessMiB" (MiB) "QEMU commit per process", "ramGiB" "RAM".
     */
    public static String words(String name, Unit unit) {
        String n = name;
        if (namesUnit(n, unit)) n = n.substring(0, n.length() - SUFFIX.get(unit).length());
        StringBuilder out = new StringBuilder();
        for (String part : n.split("[.]")) {
            for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])|[_-]")) {
                if (w.isEmpty()) continue;
                String lower = w.toLowerCase(Locale.ROOT);
                String shown = WORDS.getOrDefault(lower, w.equals(w.toUpperCase(Locale.ROOT)) ? w : lower);
                if (out.length() > 0) out.append(' ');
                out.append(shown);
            }
        }
        return out.toString();
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
