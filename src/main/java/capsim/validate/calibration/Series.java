package capsim.validate.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measured curve of a probe and the simulator's prediction of it, point by point: e.g. the
 * fds of a QEMU over its disk count. A series that {@link #calibrates} names the model parameters
 * its cost form a + b·x stands for; calibration fills {@link #calibrated()} and the fit/check
 * role of each point.
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

    public Series add(double x, double measured, double predicted) {
        points.add(new double[] {x, measured, predicted});
        return this;
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

    public boolean passes() {
        return tolerance.accepts(errors());
    }

    public String id() {
        return probe + "/" + group + "/" + metric;
    }
}
