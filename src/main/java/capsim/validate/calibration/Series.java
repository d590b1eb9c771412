package capsim.validate.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measured curve of a probe and the simulator's prediction of it, point by point: e.g. the
 * fds of a QEMU over its disk count. A series that {@link #calibrates} names the model parameters
 * its cost form a + b·x stands for; calibration fills {@link #calibrated()} and the fit/check
 * role of each point.
 *
 * <p>A probe may also say which points are for calibration ({@link #addCalibrationPoint}) and
 * which are held out ({@link #add}): then the series is judged on the held-out points only
 * ({@link #judgedErrors()}), and {@link Calibration} fits on the calibration points instead of
 * the lower half. A point may carry context beside its value (e.g. the host's background CPU
 * load while it was measured: {@link #context}).
 */
public final class Series {
    /**
     * The model parameters a linear series calibrates: y = intercept + slope · x, each fitted
     * value multiplied by its scale to get the parameter's unit (e.g. µs per port → ns: 1000).
     */
    public record Calibrates(String interceptParam, String slopeParam, double interceptScale, double slopeScale) {
        public Calibrates(String interceptParam, String slopeParam) {
            this(interceptParam, slopeParam, 1, 1);
        }
    }

    private final String probe;
    private final String group;
    private final String metric;
    private final String unit;
    private final String xLabel;
    private final Tolerance tolerance;
    private final Calibrates calibrates;
    private final List<double[]> points = new ArrayList<>();
    /** Per point: true when the probe declared it a calibration point. */
    private final List<Boolean> calibrationPoint = new ArrayList<>();
    private final List<java.util.Map<String, Double>> context = new ArrayList<>();
    private double[] calibrated;
    private boolean[] fitPoints;
    private String note = "";

    public Series(String probe, String group, String metric, String unit, String xLabel, Tolerance tolerance, Calibrates calibrates) {
        this.probe = probe;
        this.group = group;
        this.metric = metric;
        this.unit = unit;
        this.xLabel = xLabel;
        this.tolerance = tolerance;
        this.calibrates = calibrates;
    }

    /** Adds a point; in a series with calibration points ({@link #addCalibrationPoint}) it is a held-out point, judged. */
    public Series add(double x, double measured, double predicted) {
        return add(x, measured, predicted, false);
    }

    /**
     * Adds a calibration point: the model's free parameters may be fitted on it (the lead's
     * model runs, {@link Calibration}), so it is not judged; the series is judged on the points
     * added with {@link #add}, held out from the fit.
     */
    public Series addCalibrationPoint(double x, double measured, double predicted) {
        return add(x, measured, predicted, true);
    }

    private Series add(double x, double measured, double predicted, boolean calibration) {
        points.add(new double[] {x, measured, predicted});
        calibrationPoint.add(calibration);
        context.add(new java.util.LinkedHashMap<>());
        return this;
    }

    /** Context of the last point added, beside its value (e.g. "backgroundBusy" 0.12): written with the point, never judged. */
    public Series context(String key, double value) {
        if (points.isEmpty()) throw new IllegalStateException("context before any point of " + id());
        context.get(context.size() - 1).put(key, value);
        return this;
    }

    /** The context of point {@code i}, in the order it was given. */
    public java.util.Map<String, Double> contextOf(int i) {
        return java.util.Collections.unmodifiableMap(context.get(i));
    }

    /** True when the probe declared calibration points: the series is then judged on the others only. */
    public boolean hasDeclaredSplit() {
        return calibrationPoint.contains(true);
    }

    /** Per point, whether the probe declared it a calibration point; null when it declared none. */
    public boolean[] declaredCalibrationPoints() {
        if (!hasDeclaredSplit()) return null;
        boolean[] out = new boolean[calibrationPoint.size()];
        for (int i = 0; i < out.length; i++) out[i] = calibrationPoint.get(i);
        return out;
    }

    /**
     * The role of point {@code i}: "fit" or "check" once calibrated, or where the probe declared
     * calibration points ("fit" for those, "check" for the held-out ones); "" otherwise.
     */
    public String role(int i) {
        if (fitPoints != null) return fitPoints[i] ? "fit" : "check";
        if (hasDeclaredSplit()) return calibrationPoint.get(i) ? "fit" : "check";
        return "";
    }

    public String probe() {
        return probe;
    }

    /** The chart this series belongs to (target, backend), e.g. "s390x-file". */
    public String group() {
        return group;
    }

    public String metric() {
        return metric;
    }

    public String unit() {
        return unit;
    }

    public String xLabel() {
        return xLabel;
    }

    public Tolerance tolerance() {
        return tolerance;
    }

    public Calibrates calibrates() {
        return calibrates;
    }

    public int size() {
        return points.size();
    }

    public double[] x() {
        return column(0);
    }

    public double[] measured() {
        return column(1);
    }

    public double[] predicted() {
        return column(2);
    }

    private double[] column(int c) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) out[i] = points.get(i)[c];
        return out;
    }

    /** Calibrated prediction per point, or null before calibration. */
    public double[] calibrated() {
        return calibrated == null ? null : calibrated.clone();
    }

    /** Which points the calibration was fitted on (the others check it), or null. */
    public boolean[] fitPoints() {
        return fitPoints == null ? null : fitPoints.clone();
    }

    void setCalibration(double[] calibrated, boolean[] fitPoints) {
        this.calibrated = Arrays.copyOf(calibrated, calibrated.length);
        this.fitPoints = Arrays.copyOf(fitPoints, fitPoints.length);
    }

    public String note() {
        return note;
    }

    public Series note(String text) {
        this.note = text;
        return this;
    }

    public ErrorMetrics.Stats errors() {
        return ErrorMetrics.compare(x(), measured(), predicted(), null);
    }

    /** Errors of the calibrated prediction on the check points only (null when there are none). */
    public ErrorMetrics.Stats calibratedCheckErrors() {
        if (calibrated == null) return null;
        boolean[] check = new boolean[fitPoints.length];
        boolean any = false;
        for (int i = 0; i < check.length; i++) {
            check[i] = !fitPoints[i];
            any |= check[i];
        }
        return any ? ErrorMetrics.compare(x(), measured(), calibrated, check) : null;
    }

    /**
     * The errors the verdict is about: on the held-out points where the probe declared
     * calibration points (null when it declared only calibration points: nothing to judge yet),
     * on every point otherwise.
     */
    public ErrorMetrics.Stats judgedErrors() {
        boolean[] cal = declaredCalibrationPoints();
        if (cal == null) return errors();
        boolean[] heldOut = new boolean[cal.length];
        boolean any = false;
        for (int i = 0; i < cal.length; i++) {
            heldOut[i] = !cal[i];
            any |= heldOut[i];
        }
        return any ? ErrorMetrics.compare(x(), measured(), predicted(), heldOut) : null;
    }

    /** True when the series is not judged: its tolerance is "reported", or it has calibration points only. */
    public boolean notJudged() {
        return tolerance.equals(Tolerance.REPORTED) || (hasDeclaredSplit() && judgedErrors() == null);
    }

    public boolean passes() {
        if (notJudged()) return true;
        return tolerance.accepts(judgedErrors());
    }

    public String id() {
        return probe + "/" + group + "/" + metric;
    }
}
