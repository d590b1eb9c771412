package capsim.model.common;

import org.apache.commons.math3.random.RandomGenerator;

/** Operation times of the model: a mean from the model files, spread uniformly around it. */
public final class Timing {
    private Timing() {
    }

    /**
     * A time drawn uniformly within {@code meanNs x (1 +- spread)}; exactly the mean when the
     * spread is 0 (no random number is drawn then, so a stream's sequence does not depend on it).
     */
    public static long draw(double meanNs, double spread, RandomGenerator rng) {
        if (spread <= 0 || meanNs <= 0) return Math.round(meanNs);
        return Math.round(meanNs * (1 + spread * (2 * rng.nextDouble() - 1)));
    }

    public static double msToNs(double ms) {
        return ms * 1e6;
    }

    public static double sToNs(double s) {
        return s * 1e9;
    }
}
