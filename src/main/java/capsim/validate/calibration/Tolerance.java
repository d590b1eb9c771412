package capsim.validate.calibration;

/**
 * How close a measured curve must be to the predicted one: exactly (counts and hard limits) or
 * within a relative error, judged on the mean absolute percentage error (times and memory).
 */
public record Tolerance(boolean exact, double relative) {
    public static final Tolerance EXACT = new Tolerance(true, 0);
    /** Times and memory: within 20 %. */
    public static final Tolerance TIME_AND_MEMORY = new Tolerance(false, 0.20);

    public boolean accepts(ErrorMetrics.Stats s) {
        if (s.points() == 0) return false;
        return exact ? s.maxAbsError() == 0 : s.mape() <= relative;
    }

    public String describe() {
        return exact ? "exact" : "MAPE <= " + Math.round(relative * 100) + "%";
    }
}
