package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.model.machined.Machined;
import capsim.model.machined.MachinedSpec;
import capsim.model.machined.MessageLoop;
import capsim.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * F14: machined's message loop. With the pre-v219 loop a call that reaches machined while it is
 * busy waits in its buffer until the next call arrives; with the fixed loop no call does. The
 * hangs of the seed start come out of this queue behaviour, not out of a guest count.
 */
class MachinedTest {
    private static final double SERVICE_MS = 2;
    private static final double TIMEOUT_S = 30;

    /** Calls at the given times (ms); returns when each was answered (ms), or -1 if it timed out. */
    private static double[] serve(MessageLoop loop, double... arrivalsMs) {
        Simulation sim = new Simulation(1);
        Machined m = new Machined(sim, new MachinedSpec("t", loop, SERVICE_MS, TIMEOUT_S), 0,
                new capsim.resource.FairShareCpus(sim, 1).group("system", 1).threads("machined", 1, 1));
        double[] answered = new double[arrivalsMs.length];
        EventHandler reply = d -> {
            if (d >= 0) answered[d] = sim.now() / 1e6;
            else answered[-d - 1] = -1;
        };
        for (int i = 0; i < arrivalsMs.length; i++) {
            int call = i;
            sim.schedule((long) (arrivalsMs[i] * 1e6), x -> m.createMachine(reply, call, -call - 1), 0);
        }
        sim.run();
        return answered;
    }

    @Test
    void withTheBugACallThatArrivesDuringDispatchWaitsForTheNextArrival() {
        // B arrives while A is served; C arrives 10 s later
        double[] t = serve(MessageLoop.PRE_V219, 0, 1, 10_000);
        assertEquals(SERVICE_MS, t[0], 1e-9);
        assertTrue(t[1] >= 10_000, "B is answered only after C arrived: " + t[1]);
        assertEquals(10_000 + SERVICE_MS, t[1], 1e-9, "C's arrival wakes the loop, which serves B first");
        assertEquals(10_000 + 2 * SERVICE_MS, t[2], 1e-9);
    }

    @Test
    void withoutTheBugNoCallWaitsForALaterOne() {
        double[] t = serve(MessageLoop.FIXED, 0, 1, 10_000);
        assertEquals(SERVICE_MS, t[0], 1e-9);
        assertEquals(2 * SERVICE_MS, t[1], 1e-9, "B is served right after A");
        assertEquals(10_000 + SERVICE_MS, t[2], 1e-9);
    }

    @Test
    void aStrandedCallWithNothingAfterItTimesOut() {
        double[] t = serve(MessageLoop.PRE_V219, 0, 1);
        assertEquals(SERVICE_MS, t[0], 1e-9);
        assertEquals(-1, t[1], "nothing arrives after B: libvirt gives up after the D-Bus timeout");
        assertEquals(SERVICE_MS * 2, serve(MessageLoop.FIXED, 0, 1)[1], 1e-9);
    }

    @Test
    void callsThatNeverOverlapAreNeverStranded() {
        double[] t = serve(MessageLoop.PRE_V219, 0, 100, 200, 300);
        for (int i = 0; i < t.length; i++) assertEquals(i * 100 + SERVICE_MS, t[i], 1e-9);
    }

    private static RunResult f14(String file, int concurrency, String pattern) {
        return Runs.run(file, "steps[1].concurrency=" + concurrency, "steps[1].pattern=\"" + pattern + "\"",
                "steps[0].count=400", "steps[1].count=400");
    }

    @Test
    void oneStartAtATimeNeverHangsEvenWithTheBug() {
        RunResult r = f14("experiments/f14-machined-hangs.json", 1, "pool");
        assertEquals(0, r.metric("machined.stranded"));
        assertEquals(400, Runs.started(r));
    }

    @Test
    void theFixedLoopStrandsNothingAtAnyConcurrency() {
        for (int c : new int[] {2, 8, 20, 64}) {
            for (String pattern : new String[] {"pool", "waves"}) {
                RunResult r = f14("experiments/f14-machined-fixed.json", c, pattern);
                assertEquals(0, r.metric("machined.stranded"), c + " " + pattern);
                assertEquals(0, r.metric("machined.timeouts"), c + " " + pattern);
                assertEquals(400, Runs.started(r), c + " " + pattern);
            }
        }
    }

    @Test
    void withTheBugStrandedCallsGrowWithConcurrencyAndWavesEndInTimeouts() {
        double low = f14("experiments/f14-machined-hangs.json", 2, "pool").metric("machined.stranded");
        double high = f14("experiments/f14-machined-hangs.json", 20, "pool").metric("machined.stranded");
        assertTrue(high > low && high > 0, "stranded at 2: " + low + ", at 20: " + high);

        RunResult waves = Runs.run("experiments/f14-machined-hangs.json");
        var bp = Runs.wall(waves, "machined.call-timeout");
        assertNotNull(bp, "a stranded call at the end of a wave waits for the D-Bus timeout");
        assertEquals(capsim.resource.Errno.ETIMEDOUT, bp.errno());
        assertTrue(bp.fix().contains("219"), bp.fix());
        assertEquals(waves.metric("machined.timeouts"), waves.metric("guests.failed"));
        assertTrue(waves.metric("machined.timeouts") > 0);
    }
}
