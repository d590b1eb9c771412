package capsim.analysis;

import capsim.experiment.Axis;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GrowthFitTest {
    private static final double[] X = {16, 32, 64, 128, 256, 512, 1024};

    @Test
    void recoversLinearAndQuadraticExponentsExactly() {
        double[] lin = new double[X.length];
        double[] quad = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            lin[i] = 3.5 * X[i];
            quad[i] = 0.25 * X[i] * X[i];
        }
        GrowthFit l = GrowthFit.fit(X, lin);
        GrowthFit q = GrowthFit.fit(X, quad);
        assertEquals(1.0, l.exponent(), 1e-12);
        assertEquals(2.0, q.exponent(), 1e-12);
        assertEquals(3.5, l.coefficient(), 1e-9);
        assertEquals(0.25, q.coefficient(), 1e-12);
        assertEquals(1.0, l.rSquared(), 1e-12);
        assertEquals(1.0, q.rSquared(), 1e-12);
        assertEquals(0.0, q.exponentHalfWidth(), 1e-9);
    }

    @Test
    void recoversExponentsUnderMultiplicativeNoiseWithinTheirInterval() {
        Random rng = new Random(7);
        for (double k : new double[] {1, 2}) {
            double[] y = new double[X.length];
            for (int i = 0; i < X.length; i++) y[i] = Math.pow(X[i], k) * Math.exp(0.05 * rng.nextGaussian());
            GrowthFit f = GrowthFit.fit(X, y);
            assertEquals(k, f.exponent(), 0.05);
            assertTrue(Math.abs(f.exponent() - k) <= f.exponentHalfWidth() + 1e-12, "true exponent inside the 95% interval");
            assertTrue(f.rSquared() > 0.99, "R² " + f.rSquared());
        }
    }

    @Test
    void noFitWithoutEnoughVaryingPositivePoints() {
        assertNull(GrowthFit.fit(new double[] {1, 2}, new double[] {1, 4}));
        assertNull(GrowthFit.fit(X, new double[] {5, 5, 5, 5, 5, 5, 5}), "a constant has no growth to fit");
        // zeros are left out (no log): what remains still fits
        GrowthFit f = GrowthFit.fit(new double[] {0, 1, 2, 4, 8}, new double[] {0, 0, 4, 16, 64});
        assertEquals(2.0, f.exponent(), 1e-12);
        assertEquals(3, f.points());
    }

    @Test
    void axisValuesAndRanges() {
        assertEquals(List.of(16L, 32L, 64L), Axis.parse("steps[1].count=16,32,64").values().stream().map(e -> e.getAsLong()).toList());
        assertEquals(List.of(16L, 32L, 64L, 128L), Axis.parse("a=16..128*2").values().stream().map(e -> e.getAsLong()).toList());
        assertEquals(List.of(0L, 25L, 50L), Axis.parse("a=0..50:25").values().stream().map(e -> e.getAsLong()).toList());
        assertEquals(List.of(1L, 2L, 3L), Axis.parse("a=1..3").values().stream().map(e -> e.getAsLong()).toList());
        Axis tied = Axis.parse("steps[0].count,steps[1].count=1,2");
        assertEquals(List.of("steps[0].count", "steps[1].count"), tied.paths());
        Axis flags = Axis.parse("stack.flag=true,false");
        assertFalse(flags.numeric());
        assertTrue(flags.values().get(0).getAsBoolean());
        assertThrows(capsim.config.InputException.class, () -> Axis.parse("a=10..1"));
        assertThrows(capsim.config.InputException.class, () -> Axis.parse("a=0..8*2"));
    }
}
