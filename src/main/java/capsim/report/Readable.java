package capsim.report;

import capsim.measure.Unit;
import java.util.List;

/**
 * The unit a reader takes in at a glance for numbers of one unit up to a largest value: memory
 * in MiB, GiB or TiB (not MiB up to 3,000,000), a time in µs to days; any other unit as it is.
 * Reports convert with {@link #of}; the figures in summary.json and the CSVs stay in their own unit.
 *
 * @param unit   the unit the numbers are shown in
 * @param factor what a number in the source unit is multiplied by
 */
public record Readable(Unit unit, double factor) {
    private static final List<Unit> MEMORY = List.of(Unit.BYTES, Unit.KIB, Unit.MIB, Unit.GIB, Unit.TIB);
    /** A memory figure moves to the next unit once it reaches this many of that unit ("10 GiB", not "10,240 MiB"). */
    private static final double NEXT_MEMORY_UNIT = 10;

    /** The readable unit for numbers in {@code unit} whose largest magnitude is {@code max}. */
    public static Readable of(Unit unit, double max) {
        double m = Math.abs(max);
        if (!Double.isFinite(m)) m = 0;
        if (unit.dimension() == Unit.Dimension.MEMORY && MEMORY.contains(unit)) {
            Unit shown = unit;
            // only upwards: a small figure stays in the unit it was reported in
            for (int i = MEMORY.indexOf(unit) + 1; i < MEMORY.size(); i++) {
                if (unit.convert(m, MEMORY.get(i)) >= NEXT_MEMORY_UNIT) shown = MEMORY.get(i);
            }
            return new Readable(shown, unit.convert(1, shown));
        }
        if (unit.isTime()) {
            if (m == 0) return new Readable(unit, 1);
            Unit shown = time(unit.convert(m, Unit.S));
            return new Readable(shown, unit.convert(1, shown));
        }
        return new Readable(unit, 1);
    }

    /** The time unit for spans up to {@code maxSeconds}: ticks and figures of a few digits. */
    static Unit time(double maxSeconds) {
        if (maxSeconds < 1e-3) return Unit.US;
        if (maxSeconds < 1) return Unit.MS;
        if (maxSeconds < 300) return Unit.S;
        if (maxSeconds < 3 * 3600) return Unit.MIN;
        if (maxSeconds < 3 * 86400) return Unit.H;
        return Unit.DAYS;
    }

    /** {@code v} of the source unit in the shown unit. */
    public double of(double v) {
        return v * factor;
    }

    /** Every value converted. */
    public double[] of(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
        return out;
    }

    /** The largest finite magnitude of some arrays (0 when there is none). */
    public static double max(double[]... arrays) {
        double m = 0;
        for (double[] a : arrays) for (double v : a) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** "1,008 GiB", "68.1 ms": a value with its shown unit, for text (a count without a unit is bare). */
    public String text(double v) {
        String n = MetricLabels.value(of(v));
        return unit == Unit.COUNT || unit == Unit.RATIO ? n : n + " " + unit.symbol();
    }
}
