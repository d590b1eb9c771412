package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.measure.Unit;
import capsim.model.host.Host;
import capsim.resource.BreakingPoint;
import org.junit.jupiter.api.Test;

/**
 * The value a breaking point says to set is in the knob's own unit, and setting it moves the
 * wall: each case re-runs the experiment with the value applied through its derived path.
 */
class KnobValueTest {
    /** The pool counts usable MiB, the knob is host RAM in GiB: GiB = MiB / 1024 + what the host keeps. */
    @Test
    void hostRamIsSuggestedInGiBAndTheValueLetsTheGuestsThrough() {
        String file = "experiments/f13-ram-1tb.json";
        String ptys = "host.sysctl.ptyMax=8192";   // the next wall after RAM (F11) out of the way
        Experiment e = TestRuns.load(file, ptys);
        RunResult r = TestRuns.run(e);
        BreakingPoint bp = TestRuns.breakingPoint(r, "host.memory");
        assertNotNull(bp, "f13 breaks on host RAM");
        assertEquals(Unit.MIB, bp.unit());
        assertEquals(Unit.GIB, bp.knobSpec().unit());
        assertEquals("host.ramGiB", ExperimentPaths.of(bp));

        // by hand: every one of the 4,096 guests holds its resident MiB (whole MiB charged), the host keeps hostReservedGiB
        long guests = (long) (r.metric("guests.started") + r.metric("guests.failed"));   // every start was tried
        assertEquals(4096, guests);
        double residentMiB = r.metric("qemu.resident.perProcessMiB");
        long needMiB = (long) guests * (long) Math.ceil(residentMiB);
        long expectedGiB = (long) Math.ceil(needMiB / 1024.0 + e.host().hostReservedGiB());
        assertEquals(expectedGiB, bp.suggestedKnobValue());

        RunResult raised = TestRuns.run(file, ptys, "host.ramGiB=" + bp.suggestedKnobValue());
        assertNull(TestRuns.breakingPoint(raised, "host.memory"), "the suggested RAM holds every guest");
        assertEquals(guests, (long) raised.metric("guests.started"));
        RunResult short1 = TestRuns.run(file, ptys, "host.ramGiB=" + (bp.suggestedKnobValue() - 1));
        assertNotNull(TestRuns.breakingPoint(short1, "host.memory"), "one GiB less does not: the value is the smallest");
    }

    /** Under strict overcommit the knob is vm.overcommit_kbytes, and CommitLimit = it + swap. */
    @Test
    void commitLimitIsSuggestedAsOvercommitKbytesWithoutTheSwap() {
        String file = "experiments/f16-arenas-strict-overcommit.json";
        String swap = "host.swapGiB=8";   // a host with swap: the knob value must leave it out
        RunResult r = TestRuns.run(file, swap);
        BreakingPoint bp = TestRuns.breakingPoint(r, "vm.commit-limit");
        assertNotNull(bp);
        assertEquals(Unit.KIB, bp.unit());
        assertEquals("host.sysctl.overcommitKbytes", ExperimentPaths.of(bp));
        long swapKiB = 8L * 1024 * 1024;
        assertEquals(bp.suggested() - swapKiB, bp.suggestedKnobValue());

        RunResult raised = TestRuns.run(file, swap, "host.sysctl.overcommitKbytes=" + bp.suggestedKnobValue());
        assertNull(TestRuns.breakingPoint(raised, "vm.commit-limit"), "the suggested overcommit_kbytes holds the commit charge");
        Experiment e = TestRuns.load(file, swap, "host.sysctl.overcommitKbytes=" + bp.suggestedKnobValue());
        assertEquals(bp.suggested(), Host.commitLimitKiB(e.host()), "CommitLimit with the value set is the limit the run needed");
    }

    /** A sysctl counted one to one: the value is the limit itself. */
    @Test
    void aSysctlIsSuggestedAsItsOwnLimit() {
        String file = "experiments/f05-inotify-watches.json";
        BreakingPoint bp = TestRuns.breakingPoint(TestRuns.run(file), "fs.inotify.max_user_watches");
        assertNotNull(bp);
        assertEquals(bp.suggested(), bp.suggestedKnobValue());
        RunResult raised = TestRuns.run(file, ExperimentPaths.of(bp) + "=" + bp.suggestedKnobValue());
        assertNull(TestRuns.breakingPoint(raised, "fs.inotify.max_user_watches"));
    }

    /**
     * vm.max_map_count: a QEMU may hold one mapping more than the sysctl (mm/mmap.c do_mmap refuses
     * only once map_count exceeds it), so the value to set is the mappings less one.
     */
    @Test
    void maxMapCountIsSuggestedAsTheMappingsLessOne() {
        String file = "experiments/quickstart.json";
        Experiment e = TestRuns.load(file, "host.sysctl.maxMapCount=300");
        var q = e.stack().qemu();
        var g = e.guest();
        // by hand from the stack file: one vCPU measured in the base, aio=threads (no rings), one
        // pool worker from the disk's first-sector read beyond the base threads and vCPUs
        double maps = q.mappingsBase() + q.mappingsPerVcpu() * (g.vcpus() - 1) + q.mappingsPerDevice() * (g.disks() + g.nics())
                + q.mappingsPerThread() * q.startReadWorkers();
        long expected = (long) Math.ceil(maps);
        BreakingPoint bp = TestRuns.breakingPoint(TestRuns.run(e), "qemu.max_map_count");
        assertNotNull(bp);
        assertEquals(301, bp.limit(), "the process may hold the sysctl + 1");
        assertEquals(expected, bp.demand());
        assertEquals(expected - 1, bp.suggestedKnobValue());
        assertEquals("host.sysctl.maxMapCount", ExperimentPaths.of(bp));
        assertNull(TestRuns.breakingPoint(TestRuns.run(file, "host.sysctl.maxMapCount=" + bp.suggestedKnobValue()), "qemu.max_map_count"));
        assertNotNull(TestRuns.breakingPoint(TestRuns.run(file, "host.sysctl.maxMapCount=" + (bp.suggestedKnobValue() - 1)),
                "qemu.max_map_count"), "one less does not do");
    }
}
