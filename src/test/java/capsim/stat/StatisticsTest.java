package capsim.stat;

import static org.junit.jupiter.api.Assertions.*;

import capsim.stat.ConfidenceInterval;
import capsim.stat.Tally;
import capsim.stat.TimeWeighted;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void tallyAgreesWithCommonsMath() {
        Well19937c rng = new Well19937c(3);
        Tally t = new Tally("x", true);
        DescriptiveStatistics ref = new DescriptiveStatistics();
        for (int i = 0; i < 10_001; i++) {
            double x = 1e6 + rng.nextGaussian() * 3; // large offset: Welford must stay accurate
            t.add(x);
            ref.addValue(x);
        }
        assertEquals(ref.getN(), t.count());
        assertEquals(ref.getMean(), t.mean(), 1e-6);
        assertEquals(ref.getVariance(), t.variance(), 1e-6);
        assertEquals(ref.getMin(), t.min());
        assertEquals(ref.getMax(), t.max());
        // nearest-rank percentile: a value of the sample with the right rank
        double p95 = t.percentile(95);
        long below = 0;
        for (double v : ref.getValues()) if (v <= p95) below++;
        assertTrue(below >= Math.ceil(0.95 * ref.getN()) && below - 1 < Math.ceil(0.95 * ref.getN()));
    }

    @Test
    void studentTIntervalMatchesTheTextbookFormula() {
        Tally t = new Tally("x");
        double[] xs = {2.1, 2.5, 1.9, 2.8, 2.2, 2.6};
        for (double x : xs) t.add(x);
        ConfidenceInterval ci = t.confidenceInterval(0.95);
        DescriptiveStatistics ref = new DescriptiveStatistics(xs);
        double tq = new TDistribution(xs.length - 1).inverseCumulativeProbability(0.975);
        assertEquals(ref.getMean(), ci.mean(), 1e-12);
        assertEquals(tq * ref.getStandardDeviation() / Math.sqrt(xs.length), ci.halfWidth(), 1e-12);
        assertTrue(ci.lower() < ci.mean() && ci.mean() < ci.upper());
    }

    @Test
    void intervalCoversTheTrueMeanAtAboutTheNominalRate() {
        // 400 replications of n = 10 normal draws: coverage of a 95% interval lies near 0.95
        Well19937c rng = new Well19937c(11);
        int covered = 0;
        int reps = 400;
        for (int r = 0; r < reps; r++) {
            Tally t = new Tally("x");
            for (int i = 0; i < 10; i++) t.add(5 + rng.nextGaussian());
            ConfidenceInterval ci = t.confidenceInterval(0.95);
            if (ci.lower() <= 5 && 5 <= ci.upper()) covered++;
        }
        double rate = covered / (double) reps;
        // binomial sd at p = .95, n = 400 is ~0.011: allow 4 sd
        assertEquals(0.95, rate, 0.045);
    }

    @Test
    void timeWeightedAverageIsTheAreaOverTheSpan() {
        TimeWeighted w = new TimeWeighted("q", 0, 0);
        w.update(10, 4);  // 0 for [0,10)
        w.update(30, 1);  // 4 for [10,30)
        // 1 for [30,40)
        assertEquals((0 * 10 + 4 * 20 + 1 * 10) / 40.0, w.mean(40), 1e-12);
        assertEquals(4, w.max());
    }
}
