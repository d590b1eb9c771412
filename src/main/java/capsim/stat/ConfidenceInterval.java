package capsim.stat;

import org.apache.commons.math3.distribution.TDistribution;

/** A two-sided confidence interval for a mean. */
public record ConfidenceInterval(double mean, double halfWidth, double level, long n) {

    public double lower() {
        return mean - halfWidth;
    }

    public double upper() {
        return mean + halfWidth;
    }

    /** Student-t interval from a sample mean, sample standard deviation and size. */
    public static ConfidenceInterval studentT(double mean, double stdDev, long n, double level) {
        if (n < 2 || !(stdDev > 0)) return new ConfidenceInterval(mean, n < 2 ? Double.NaN : 0.0, level, n);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.5 + level / 2);
        return new ConfidenceInterval(mean, t * stdDev / Math.sqrt(n), level, n);
    }
}
