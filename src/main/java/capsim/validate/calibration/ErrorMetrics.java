package capsim.validate.calibration;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * How far a prediction is from a measurement: the mean absolute percentage error, the largest
 * absolute and relative error, and the growth exponent of each curve (the slope of log y over
 * log x, so 1 is linear growth, 2 quadratic, 0 flat).
 */
public final class ErrorMetrics {
    private ErrorMetrics() {
    }

    /**
     * @param mape mean of |predicted - measured| / |measured| over points with measured != 0
     *             (a fraction: 0.2 is 20 %)
     */
    public record Stats(int points, double mape, double maxAbsError, double maxRelError,
                        double growthMeasured, double growthPredicted) {
    }

    /** Compares over the points whose {@code include} flag is set (all when null). */
    public static Stats compare(double[] x, double[] measured, double[] predicted, boolean[] include) {
        int n = 0;
        int relN = 0;
        double sumRel = 0;
        double maxAbs = 0;
        double maxRel = 0;
        int m = 0;
        for (int i = 0; i < x.length; i++) if (include == null || include[i]) m++;
        double[] xs = new double[m];
        double[] ms = new double[m];
        double[] ps = new double[m];
        for (int i = 0; i < x.length; i++) {
            if (include != null && !include[i]) continue;
            if (Double.isNaN(measured[i]) || Double.isNaN(predicted[i])) continue;
            xs[n] = x[i];
            ms[n] = measured[i];
            ps[n] = predicted[i];
            n++;
            double abs = Math.abs(predicted[i] - measured[i]);
            maxAbs = Math.max(maxAbs, abs);
            if (measured[i] != 0) {
                double rel = abs / Math.abs(measured[i]);
                sumRel += rel;
                relN++;
                maxRel = Math.max(maxRel, rel);
            } else if (abs > 0) {
                maxRel = Double.POSITIVE_INFINITY;
            }
        }
        xs = java.util.Arrays.copyOf(xs, n);
        ms = java.util.Arrays.copyOf(ms, n);
        ps = java.util.Arrays.copyOf(ps, n);
        return new Stats(n, relN == 0 ? (maxAbs == 0 ? 0 : Double.NaN) : sumRel / relN, maxAbs, maxRel,
                growthExponent(xs, ms), growthExponent(xs, ps));
    }

    public static double mape(double[] measured, double[] predicted) {
        double[] x = new double[measured.length];
        return compare(x, measured, predicted, null).mape();
    }

    /**
     * The slope of log y over log x by least squares, over points with x > 0 and y > 0; NaN with
     * fewer than two such points or no spread in x.
     */
    public static double growthExponent(double[] x, double[] y) {
        SimpleRegression r = new SimpleRegression(true);
        int n = 0;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0 && y[i] > 0 && Double.isFinite(y[i])) {
                r.addData(Math.log(x[i]), Math.log(y[i]));
                minX = Math.min(minX, x[i]);
                maxX = Math.max(maxX, x[i]);
                n++;
            }
        }
        if (n < 2 || maxX == minX) return Double.NaN;
        return r.getSlope();
    }
}
