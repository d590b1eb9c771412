package capsim.validate.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits the free cost parameters of the series that name them, by least squares on the cost form
 * a + b·x, on the lower half of each curve (smaller x); the upper half checks the fit, so the
 * error reported for the calibrated model is an extrapolation error, not a fit error. A series
 * whose probe declared its calibration points ({@link Series#addCalibrationPoint}) is fitted on
 * those and checked on the points held out.
 */
public final class Calibration {
    private Calibration() {
    }

    /** One fitted parameter, with where it came from and how well it predicts the check points. */
    public record Parameter(String target, String name, double value, String series, String fitRange,
                            int fitPoints, int checkPoints, double checkMape, double fitRms) {

        public String describe() {
            return String.format(Locale.ROOT, "%s: fit on %d points (%s), checked on %d%s", series, fitPoints, fitRange,
                    checkPoints, checkPoints == 0 ? "" : String.format(Locale.ROOT, " (MAPE %.1f%%)", checkMape * 100));
        }
    }

    /**
     * The points to fit on: the ceil(n/2) smallest x (at least as many as there are parameters);
     * the rest check. With too few points all of them fit and none check.
     */
    public static boolean[] fitSplit(double[] x, int params) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        int fit = Math.max(params, (n + 1) / 2);
        boolean[] out = new boolean[n];
        for (int k = 0; k < n; k++) out[order[k]] = k < fit || n - fit < 1;
        return out;
    }

    /**
     * The points series {@code s} is fitted on: the ones its probe declared for calibration (null
     * when they are fewer than {@code params}: nothing can be fitted), else {@link #fitSplit}.
     */
    public static boolean[] split(Series s, int params) {
        boolean[] declared = s.declaredCalibrationPoints();
        if (declared == null) return fitSplit(s.x(), params);
        int n = 0;
        for (boolean b : declared) if (b) n++;
        return n < params ? null : declared;
    }

    /** Calibrates every series that names its parameters; returns the parameters in series order. */
    public static List<Parameter> calibrate(List<Series> all) {
        List<Parameter> out = new ArrayList<>();
        for (Series s : all) {
            if (s.calibrates() == null || s.size() < 2) continue;
            double[] x = s.x();
            double[] y = s.measured();
            boolean[] fit = split(s, 2);
            if (fit == null) continue;
            int nf = 0;
            double maxFitX = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < fit.length; i++) {
                if (!fit[i]) continue;
                nf++;
                maxFitX = Math.max(maxFitX, x[i]);
            }
            double[] fx = new double[nf];
            double[] fy = new double[nf];
            for (int i = 0, k = 0; i < fit.length; i++) {
                if (fit[i]) {
                    fx[k] = x[i];
                    fy[k++] = y[i];
                }
            }
            LeastSquaresFit.Result r = LeastSquaresFit.fit(LeastSquaresFit.LINEAR, fx, fy);
            double[] cal = new double[x.length];
            for (int i = 0; i < x.length; i++) cal[i] = LeastSquaresFit.LINEAR.value(x[i], r.params());
            s.setCalibration(cal, fit);
            ErrorMetrics.Stats check = s.calibratedCheckErrors();
            int nc = x.length - nf;
            String range = s.xLabel() + " <= " + fmt(maxFitX);
            String target = targetOf(s.group());
            String id = s.id();
            out.add(new Parameter(target, s.calibrates().interceptParam(), r.params()[0] * s.calibrates().interceptScale(), id, range, nf, nc,
                    check == null ? Double.NaN : check.mape(), r.rms()));
            out.add(new Parameter(target, s.calibrates().slopeParam(), r.params()[1] * s.calibrates().slopeScale(), id, range, nf, nc,
                    check == null ? Double.NaN : check.mape(), r.rms()));
        }
        return out;
    }

    /** The target of a series group: "s390x-file" → "s390x". */
    public static String targetOf(String group) {
        int dash = group.indexOf('-');
        return dash < 0 ? group : group.substring(0, dash);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
