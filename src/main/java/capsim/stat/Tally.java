package capsim.stat;

import java.util.Arrays;

/**
 * Observations of a quantity (a start latency, a wait): count, mean and variance by Welford's
 * method, min, max, and — when asked to keep the sample — exact percentiles.
 */
public final class Tally {
    private final String name;
    private final boolean keepSample;
    private long n;
    private double mean;
    private double m2;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double[] sample;
    private boolean sorted;

    public Tally(String name) {
        this(name, false);
    }

    public Tally(String name, boolean keepSample) {
        this.name = name;
        this.keepSample = keepSample;
        this.sample = keepSample ? new double[16] : null;
    }

    public String name() {
        return name;
    }

    public void add(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        if (n == 1 || x < min) min = x;
        if (n == 1 || x > max) max = x;
        if (keepSample) {
            if (n > sample.length) sample = Arrays.copyOf(sample, sample.length * 2);
            sample[(int) n - 1] = x;
            sorted = false;
        }
    }

    public long count() {
        return n;
    }

    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Sample variance (n - 1 in the denominator). */
    public double variance() {
        return n < 2 ? Double.NaN : m2 / (n - 1);
    }

    public double stdDev() {
        return Math.sqrt(variance());
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double sum() {
        return mean * n;
    }

    public ConfidenceInterval confidenceInterval(double level) {
        return ConfidenceInterval.studentT(mean(), n < 2 ? 0 : stdDev(), n, level);
    }

    /**
     * The p-th percentile (0 < p ≤ 100) of the kept sample, nearest-rank method: the smallest
     * observation with at least p% of the sample at or below it.
     */
    public double percentile(double p) {
        if (!keepSample) throw new IllegalStateException("tally " + name + " keeps no sample");
        if (n == 0) return Double.NaN;
        if (!sorted) {
            Arrays.sort(sample, 0, (int) n);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sample[Math.max(0, Math.min((int) n - 1, rank - 1))];
    }
}
