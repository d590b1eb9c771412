package capsim.validate.calibration;

/**
 * How close a measured curve must be to the predicted one: exactly (counts and hard limits) or
 * within a relative error, judged on the mean absolute percentage error (times and memory).
 */
public record Tolerance(boolean exact, double relative) {
    public static final Tolerance EXACT = new Tolerance(true, 0);
    /** Shown with its error but not judged: what the model cannot predict yet (CPU contention, until it has host CPUs). */
    public static final Tolerance REPORTED = new Tolerance(false, Double.POSITIVE_INFINITY);
    /** Times and memory: within 20 %. */
    public static final Tolerance TIME_AND_MEMORY = new Tolerance(false, 0.20);
    /**
     * Times and CPU shares under host CPU contention, judged on the points held out from
     * calibration (the model's CPU costs may be fitted on the others): within 15 %.
     */
    public static final Tolerance CONTENTION = new Tolerance(false, 0.15);

    public boolean accepts(ErrorMetrics.Stats s) {
        if (s.points() == 0) return false;
        if (Double.isInfinite(relative)) return true;
        return exact ? s.maxAbsError() == 0 : s.mape() <= relative;
    }

    public String describe() {
        if (Double.isInfinite(relative)) return "reported";
        return exact ? "exact" : "MAPE <= " + Math.round(relative * 100) + "%";
    }
}
