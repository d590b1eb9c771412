package capsim.validate.calibration;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/** Least-squares fits of a cost form y = f(x; p) with the Levenberg-Marquardt optimizer of commons-math3. */
public final class LeastSquaresFit {
    private LeastSquaresFit() {
    }

    /** A cost as a function of a count, with free parameters. */
    public interface CostForm {
        int params();

        double value(double x, double[] p);

        double[] gradient(double x, double[] p);
    }

    /** a + b·x: a fixed cost plus a cost per counted object. */
    public static final CostForm LINEAR = new CostForm() {
        public int params() {
            return 2;
        }

        public double value(double x, double[] p) {
            return p[0] + p[1] * x;
        }

        public double[] gradient(double x, double[] p) {
            return new double[] {1, x};
        }
    };

    /** a + b·x + c·x²: a cost that also grows with the square of the count. */
    public static final CostForm QUADRATIC = new CostForm() {
        public int params() {
            return 3;
        }

        public double value(double x, double[] p) {
            return p[0] + p[1] * x + p[2] * x * x;
        }

        public double[] gradient(double x, double[] p) {
            return new double[] {1, x, x * x};
        }
    };

    /** The fitted parameters, the root mean square residual over the fitted points, and the evaluations used. */
    public record Result(double[] params, double rms, int points, int evaluations) {
    }

    public static Result fit(CostForm form, double[] x, double[] y) {
        double mean = 0;
        for (double v : y) mean += v;
        mean /= Math.max(1, y.length);
        double[] start = new double[form.params()];
        start[0] = mean;
        return fit(form, x, y, start);
    }

    public static Result fit(CostForm form, double[] x, double[] y, double[] start) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        if (x.length < form.params()) {
            throw new IllegalArgumentException(x.length + " points cannot fit " + form.params() + " parameters");
        }
        MultivariateJacobianFunction model = point -> {
            double[] p = point.toArray();
            double[] v = new double[x.length];
            double[][] j = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                v[i] = form.value(x[i], p);
                j[i] = form.gradient(x[i], p);
            }
            return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(
                    new ArrayRealVector(v, false), new Array2DRowRealMatrix(j, false));
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(start).model(model).target(y)
                .maxEvaluations(10_000).maxIterations(10_000).build();
        LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().optimize(problem);
        return new Result(o.getPoint().toArray(), o.getRMS(), x.length, o.getEvaluations());
    }
}
