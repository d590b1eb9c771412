package capsim.resource;

import capsim.measure.Unit;
import static org.junit.jupiter.api.Assertions.*;

import capsim.kernel.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceBlocksTest {
    private static final LimitSpec SPEC = LimitSpec.of("test.pool", Scope.PROCESS, Errno.EMFILE, new Knob(KnobKind.SYSCTL, "", "test.knob", Unit.COUNT, null, ""));

    @Test
    void poolFailsPastItsLimitAndNamesTheSmallestSufficientLimit() {
        BreakingPointLog log = new BreakingPointLog();
        LimitedPool p = new LimitedPool(SPEC, 10, log);
        assertTrue(p.tryAcquire(0, "a", 7));
        assertFalse(p.tryAcquire(5, "b", 4));
        assertEquals(7, p.used(), "a failed acquisition takes nothing");
        BreakingPoint bp = log.first();
        assertEquals("b", bp.subject());
        assertEquals(10, bp.limit());
        assertEquals(11, bp.demand());
        assertEquals(11, bp.suggested());
        assertEquals(Errno.EMFILE, bp.errno());
        assertEquals(Scope.PROCESS, bp.scope());
        assertEquals(5, bp.timeNs());
        // with the suggested limit the same demand passes
        LimitedPool raised = new LimitedPool(SPEC, bp.suggested(), null);
        assertTrue(raised.tryAcquire(0, "a", 7));
        assertTrue(raised.tryAcquire(0, "b", 4));
    }

    @Test
    void acquireAllTakesFromEveryPoolOrNone() {
        BreakingPointLog log = new BreakingPointLog();
        LimitedPool proc = new LimitedPool(SPEC, 100, log);
        LimitedPool sys = new LimitedPool(LimitSpec.of("sys", Scope.SYSTEM, Errno.ENFILE, new Knob(KnobKind.SYSCTL, "", "k", Unit.COUNT, null, "")), 5, log);
        assertFalse(LimitedPool.tryAcquireAll(0, "x", 6, proc, sys));
        assertEquals(0, proc.used());
        assertEquals("sys", log.first().resource());
        assertTrue(LimitedPool.tryAcquireAll(0, "x", 5, proc, sys));
        assertEquals(5, proc.used());
    }

    @Test
    void fifoServersServeInOrderWithTheRightWaits() {
        Simulation sim = new Simulation(1);
        FifoServers s = new FifoServers(sim, "w", 2);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) s.submit(100, d -> done.add(d + "@" + sim.now()), i);
        sim.run();
        // two servers: 0,1 at 100; 2,3 at 200; 4 at 300
        assertEquals(List.of("0@100", "1@100", "2@200", "3@200", "4@300"), done);
        assertEquals((0 + 0 + 100 + 100 + 200) / 5.0 / 1e9, s.waits().mean(), 1e-18);
    }

    @Test
    void heldServerIsFreedOnlyByRelease() {
        Simulation sim = new Simulation(1);
        FifoServers s = new FifoServers(sim, "machined", 1);
        List<String> granted = new ArrayList<>();
        s.acquire(d -> {
            granted.add("a@" + sim.now());
            sim.schedule(50, x -> s.release(), 0);
        }, 0);
        s.acquire(d -> granted.add("b@" + sim.now()), 1);
        sim.run();
        assertEquals(List.of("a@0", "b@50"), granted);
    }

    @Test
    void processorSharingMatchesTheAnalyticFinishTimes() {
        // capacity 10 units/s; job A (10 units) at 0, job B (5 units) at 0.5 s.
        // [0,0.5): A alone at 10/s -> 5 done. Then both at 5/s: B needs 1 s -> 1.5 s; A has 5 left,
        // 5 done by 1.5 s -> A finishes at 1.5 s too. Job C (10 units) at 1.0 s with cap 4/s per job:
        Simulation sim = new Simulation(1);
        ProcessorSharingServer ps = new ProcessorSharingServer(sim, "link", 10, 0);
        double[] fin = new double[2];
        ps.submit(10, d -> fin[0] = sim.nowSeconds(), 0);
        sim.schedule(500_000_000L, d -> ps.submit(5, x -> fin[1] = sim.nowSeconds(), 1), 0);
        sim.run();
        assertEquals(1.5, fin[0], 1e-6);
        assertEquals(1.5, fin[1], 1e-6);

        Simulation sim2 = new Simulation(1);
        ProcessorSharingServer capped = new ProcessorSharingServer(sim2, "link", 10, 4);
        double[] f2 = new double[1];
        capped.submit(8, d -> f2[0] = sim2.nowSeconds(), 0);
        sim2.run();
        assertEquals(2.0, f2[0], 1e-6, "one job alone is held to its per-job cap");
    }

    @Test
    void commitTableCostGrowsWithEntriesAndStopsAtItsMaximum() {
        BreakingPointLog log = new BreakingPointLog();
        CommitTable t = new CommitTable(LimitSpec.hard("routes", Scope.VM, Errno.EINVAL, "KVM_MAX_IRQ_ROUTES", "newer kernel"),
                4, log, 100, 10);
        double total = 0;
        for (int i = 1; i <= 4; i++) {
            assertTrue(t.add(0, "r" + i, 1));
            total += t.commit();
        }
        // per-route commits: sum over i of (100 + 10 i)
        assertEquals(4 * 100 + 10 * (1 + 2 + 3 + 4), total, 1e-9);
        assertFalse(t.add(0, "r5", 1));
        assertFalse(log.first().tunable());
    }

    @Test
    void wouldNeedCountsEveryRefusedDemand() {
        LimitedPool p = new LimitedPool(SPEC, 10, new BreakingPointLog());
        assertTrue(p.tryAcquire(0, "a", 8));
        assertFalse(p.tryAcquire(0, "b", 4));
        assertFalse(p.tryAcquire(0, "c", 4));
        assertTrue(p.tryAcquire(0, "d", 2));
        // a limit of 8 + 4 + 4 + 2 lets all four through
        assertEquals(18, p.wouldNeed());
        LimitedPool raised = new LimitedPool(SPEC, p.wouldNeed(), null);
        for (long n : new long[] {8, 4, 4, 2}) assertTrue(raised.tryAcquire(0, "x", n));
    }
}
