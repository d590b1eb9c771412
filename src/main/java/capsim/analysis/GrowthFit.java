package capsim.analysis;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A power law {@code y = c · x^k} fitted by least squares on log-log: {@code k} is the growth
 * exponent (1 linear, 2 quadratic), with its 95% confidence half-width and the R² of the fit,
 * so "it grows quadratically" is a number with an error bar.
 */
public record GrowthFit(double exponent, double exponentHalfWidth, double coefficient, double rSquared, int points) {

    /** Fewest points a fit needs (two points always fit exactly and say nothing). */
    public static final int MIN_POINTS = 3;

    /**
     * Fits {@code y = c x^k} over the points with {@code x > 0} and {@code y > 0}; null when fewer
     * than {@link #MIN_POINTS} remain or when x or y does not vary.
     */
    public static GrowthFit fit(double[] x, double[] y) {
        SimpleRegression reg = new SimpleRegression(true);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            reg.addData(Math.log(x[i]), Math.log(y[i]));
            minX = Math.min(minX, x[i]);
            maxX = Math.max(maxX, x[i]);
            minY = Math.min(minY, y[i]);
            maxY = Math.max(maxY, y[i]);
            n++;
        }
        if (n < MIN_POINTS || minX == maxX || minY == maxY) return null;
        double half;
        try {
            half = reg.getSlopeConfidenceInterval(0.05);
        } catch (RuntimeException e) {
            half = Double.NaN;
        }
        if (Double.isNaN(half) && reg.getMeanSquareError() == 0) half = 0;
        return new GrowthFit(reg.getSlope(), half, Math.exp(reg.getIntercept()), reg.getRSquare(), n);
    }

    public double predict(double x) {
        return coefficient * Math.pow(x, exponent);
    }

    /** "x^2.00 (R² 0.999)" for legends and tables. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "∝ x^%.2f (R² %.3f)", exponent, rSquared);
    }
}
