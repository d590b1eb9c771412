package capsim.measure;

import java.util.Locale;

/**
 * The unit of a number capsim reports or sets: counts of things, memory, time, or a share. Units
 * of one dimension convert into each other; nothing reads a unit from a name.
 */
public enum Unit {
    COUNT("count", Dimension.COUNT, 1),
    GUESTS("guests", Dimension.COUNT, 1),
    EVENTS("events", Dimension.COUNT, 1),
    BYTES("bytes", Dimension.MEMORY, 1.0 / 1024),
    KIB("KiB", Dimension.MEMORY, 1),
    MIB("MiB", Dimension.MEMORY, 1024),
    GIB("GiB", Dimension.MEMORY, 1024.0 * 1024),
    TIB("TiB", Dimension.MEMORY, 1024.0 * 1024 * 1024),
    PAGES("pages", Dimension.COUNT, 1),
    THREADS("threads", Dimension.COUNT, 1),
    /** CPU time per unit of time: 1 is one CPU kept busy */
    CPUS("CPUs", Dimension.CPU, 1),
    NS("ns", Dimension.TIME, 1),
    US("µs", Dimension.TIME, 1e3),
    MS("ms", Dimension.TIME, 1e6),
    S("s", Dimension.TIME, 1e9),
    MIN("min", Dimension.TIME, 6e10),
    H("h", Dimension.TIME, 3.6e12),
    DAYS("days", Dimension.TIME, 8.64e13),
    MIB_PER_S("MiB/s", Dimension.RATE, 1),
    PER_S("/s", Dimension.FREQUENCY, 1),
    RATIO("ratio", Dimension.RATIO, 1),
    SHARE_OF_RUNS("share of runs", Dimension.RATIO, 1),
    FLAG("0/1", Dimension.RATIO, 1);

    /** What a unit measures; only units of one dimension convert. */
    public enum Dimension { COUNT, MEMORY, TIME, RATE, FREQUENCY, CPU, RATIO }

    private final String symbol;
    private final Dimension dimension;
    private final double base;   // size of one unit in the dimension's base (KiB, ns)

    Unit(String symbol, Dimension dimension, double base) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.base = base;
    }

    /** "MiB", "s", "guests": what a report prints after a number. */
    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    public boolean isTime() {
        return dimension == Dimension.TIME;
    }

    /** {@code value} of this unit in {@code to} (MiB to GiB divides by 1024). */
    public double convert(double value, Unit to) {
        if (to == this) return value;
        if (to.dimension != dimension || dimension == Dimension.COUNT) {
            throw new IllegalArgumentException("cannot convert " + symbol + " to " + to.symbol);
        }
        return value * base / to.base;
    }

    @Override
    public String toString() {
        return symbol;
    }

    /** The unit named by its symbol, as a CSV header or a journal writes it. */
    public static Unit ofSymbol(String symbol) {
        for (Unit u : values()) if (u.symbol.equals(symbol)) return u;
        throw new IllegalArgumentException("no unit \"" + symbol + "\"; one of " + java.util.Arrays.stream(values())
                .map(Unit::symbol).toList().toString().toLowerCase(Locale.ROOT));
    }
}
