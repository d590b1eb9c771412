package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.model.qemu.QemuSpec;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/**
 * F8: the drain on virtio-blk reset. The per-poll cost is calibrated on ONE seed point (1,000
 * disks, ~13 min with the regression); the other seed figures are predictions of the same model.
 */
class DrainTest {
    private static final double CALIBRATION_S = 13 * 60;   // the talk: "our guest took 13 minutes"
    private static final double TALK_FIXED_1000_S = 6;     // the talk: "down to six seconds"
    private static final String NO_SPREAD = "stack.timingSpread=0";

    private static double startS(String file, String... sets) {
        RunResult r = Runs.run(file, sets);
        assertEquals(1, Runs.started(r), file);
        return r.metric("start.latency.maxS");
    }

    private static String disks(int n) {
        return "guest.disks=" + n;
    }

    @Test
    void theStoredPollCostIsWhatTheCalibrationPointGives() {
        Experiment e = Runs.load("experiments/f08-drain-regression.json");
        QemuSpec q = e.stack().qemu();
        int n = e.guest().disks();
        // start time without any draining, from the simulator itself
        double nonDrainS = startS("experiments/f08-drain-regression.json", NO_SPREAD, "stack.qemu.drainPollMs=0");
        double polls = (double) q.resetsPerDevice() * n * n;   // every reset polls every block device
        double calibratedMs = (CALIBRATION_S - nonDrainS) / polls * 1e3;
        assertEquals(calibratedMs, q.drainPollMs(), calibratedMs * 0.005, "models/stacks drainPollMs");
        // and the model reproduces the calibration point
        assertEquals(CALIBRATION_S, startS("experiments/f08-drain-regression.json", NO_SPREAD), CALIBRATION_S * 0.01);
    }

    @Test
    void theFixedStartAtOneThousandDisksIsPredictedWithin25Percent() {
        double predicted = startS("experiments/f08-drain-fixed.json", NO_SPREAD);
        assertEquals(TALK_FIXED_1000_S, predicted, TALK_FIXED_1000_S * 0.25, "predicted " + predicted + " s");
        // with the spread of the stack file as well
        assertEquals(TALK_FIXED_1000_S, startS("experiments/f08-drain-fixed.json"), TALK_FIXED_1000_S * 0.25);
    }

    @Test
    void fourThousandDisksWorkAfterTheFix() {
        RunResult r = Runs.run("experiments/f08-drain-fixed-4000.json");
        assertTrue(r.breakingPoints().isEmpty(), r.breakingPoints().toString());
        assertTrue(r.metric("start.latency.maxS") < 60);
    }

    /** Exponent b of T(n) - T(0) = a n^b, fitted on log-log. */
    private static double exponent(String file) {
        double t0 = startS(file, NO_SPREAD, disks(0));
        SimpleRegression fit = new SimpleRegression();
        for (int n : new int[] {125, 250, 500, 1000, 2000, 4000}) {
            fit.addData(Math.log(n), Math.log(startS(file, NO_SPREAD, disks(n)) - t0));
        }
        assertTrue(fit.getRSquare() > 0.99, "R^2 " + fit.getRSquare());
        return fit.getSlope();
    }

    @Test
    void theDrainPolicyTurnsQuadraticGrowthIntoLinear() {
        assertEquals(2.0, exponent("experiments/f08-drain-regression.json"), 0.1);
        assertEquals(1.0, exponent("experiments/f08-drain-fixed.json"), 0.1);
    }

    @Test
    void theSimulatorsWorkDoesNotGrowWithTheModeledQuadraticCost() {
        RunResult regression = Runs.run("experiments/f08-drain-regression-4000.json");
        RunResult fixed = Runs.run("experiments/f08-drain-fixed-4000.json");
        assertEquals(fixed.metric("sim.events"), regression.metric("sim.events"),
                "a reset that drains n devices is one computed cost, not n events");
        assertTrue(regression.metric("sim.timeS") > 1000 * fixed.metric("sim.timeS"));
        // and the event count does not grow with the disks either
        assertEquals(Runs.run("experiments/f08-drain-regression.json").metric("sim.events"), regression.metric("sim.events"));
    }

    @Test
    void theSlowStartNamesTheDrainAndItsFix() {
        RunResult r = Runs.run("experiments/f08-drain-regression.json");
        var bp = Runs.wall(r, "start.latency");
        assertNotNull(bp);
        assertTrue(bp.knob().contains("draining"), bp.knob());
        assertTrue(bp.fix().contains("6e40b3bfc7"), bp.fix());
        assertNull(Runs.wall(Runs.run("experiments/f08-drain-fixed.json"), "start.latency"));
    }
}
