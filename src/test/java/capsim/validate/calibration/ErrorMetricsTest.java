package capsim.validate.calibration;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ErrorMetricsTest {
    @Test
    void mapeAndLargestErrors() {
        double[] x = {1, 2, 3, 4};
        double[] measured = {10, 20, 40, 50};
        double[] predicted = {11, 18, 40, 60};
        ErrorMetrics.Stats s = ErrorMetrics.compare(x, measured, predicted, null);
        // |1/10| + |2/20| + 0 + |10/50| = 0.1 + 0.1 + 0 + 0.2 over 4 points
        assertEquals(0.4 / 4, s.mape(), 1e-12);
        assertEquals(10, s.maxAbsError(), 1e-12);
        assertEquals(0.2, s.maxRelError(), 1e-12);
        assertEquals(4, s.points());
    }

    @Test
    void includeMaskRestrictsThePoints() {
        double[] x = {1, 2, 3};
        ErrorMetrics.Stats s = ErrorMetrics.compare(x, new double[] {10, 10, 10}, new double[] {10, 10, 15}, new boolean[] {true, true, false});
        assertEquals(0, s.mape());
        assertEquals(2, s.points());
    }

    @Test
    void growthExponentsOfPowerLaws() {
        double[] x = {1, 2, 4, 8, 16, 32};
        double[] lin = new double[x.length];
        double[] quad = new double[x.length];
        double[] flat = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lin[i] = 3 * x[i];
            quad[i] = 0.5 * x[i] * x[i];
            flat[i] = 7;
        }
        assertEquals(1, ErrorMetrics.growthExponent(x, lin), 1e-9);
        assertEquals(2, ErrorMetrics.growthExponent(x, quad), 1e-9);
        assertEquals(0, ErrorMetrics.growthExponent(x, flat), 1e-9);
        // x = 0 cannot be on a log scale and is left out; one point is not a slope
        assertEquals(1, ErrorMetrics.growthExponent(new double[] {0, 1, 2}, new double[] {5, 3, 6}), 1e-9);
        assertTrue(Double.isNaN(ErrorMetrics.growthExponent(new double[] {0, 5}, new double[] {1, 2})));
    }

    @Test
    void tolerancesJudgeExactCountsAndRelativeErrors() {
        double[] x = {1, 2};
        assertTrue(Tolerance.EXACT.accepts(ErrorMetrics.compare(x, new double[] {5, 6}, new double[] {5, 6}, null)));
        assertFalse(Tolerance.EXACT.accepts(ErrorMetrics.compare(x, new double[] {5, 6}, new double[] {5, 7}, null)));
        assertTrue(Tolerance.TIME_AND_MEMORY.accepts(ErrorMetrics.compare(x, new double[] {100, 100}, new double[] {119, 81}, null)));
        assertFalse(Tolerance.TIME_AND_MEMORY.accepts(ErrorMetrics.compare(x, new double[] {100, 100}, new double[] {125, 100}, new boolean[] {true, false})));
    }
}
