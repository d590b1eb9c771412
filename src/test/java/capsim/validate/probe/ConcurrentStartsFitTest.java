package capsim.validate.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's least-squares cost over the calibration points (k = 1, 2) only. */
class ConcurrentStartsFitTest {
    @Test
    void theCostIsFittedOnTheCalibrationPointsAlone() {
        var points = List.of(new ConcurrentStartsProbe.Point(1, 50, 0, 0, 0), new ConcurrentStartsProbe.Point(2, 70, 0, 0, 0),
                new ConcurrentStartsProbe.Point(4, 1e6, 0, 0, 0));
        // unit predictions 1 and 1 (k <= CPUs): c minimizes (50 - c)^2 + (70 - c)^2, the held-out k = 4 is left out
        assertEquals(60, ConcurrentStartsProbe.fit(points, p -> p.startMs(), p -> 1), 1e-9);
        // with a base: measured = 10 + c x 2 at both points -> c = (40 x 2 + 60 x 2) / (4 + 4) = 25
        assertEquals(25, ConcurrentStartsProbe.fitAffine(points, p -> p.startMs(), p -> 10, p -> 2), 1e-9);
    }
}
