package capsim.model.dump;

import static org.junit.jupiter.api.Assertions.*;

import capsim.stat.Curve;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import org.junit.jupiter.api.Test;

class CrashDumpTest {
    private static final String DUMP = "experiments/f01-dump-time-vs-host-ram.json";

    @Test
    void dumpTimeFollowsTheFormulaAndScalesWithRam() {
        Experiment e = TestRuns.load(DUMP);
        DumpHardwareSpec hw = e.host().dump();
        DumpSpec tools = e.stack().dump();
        CrashDump d = new CrashDump(hw, tools);
        double r = 2048;
        double standalone = r * 1024 / Math.min(hw.memoryCopyMiBpsPerCpu(), hw.standaloneDeviceMiBps());
        assertEquals(standalone, d.timeS(DumpMethod.STANDALONE, r), 1e-9);
        int t = tools.makedumpfileThreads();
        double kdump = r / (hw.pageScanGiBpsPerCpu() * t)
                + tools.makedumpfileKeptFraction() * r * 1024 / Math.min(t * hw.memoryCopyMiBpsPerCpu(), hw.kdumpStorageMiBps());
        assertEquals(kdump, d.timeS(DumpMethod.KDUMP, r), 1e-9);
        for (DumpMethod m : DumpMethod.values()) {
            assertEquals(2 * d.timeS(m, 1000), d.timeS(m, 2000), 1e-6, m + " is linear in RAM");
        }
    }

    @Test
    void theExperimentNamesTheWallAndTheFixAndWritesTheCurve() {
        RunResult r = TestRuns.run(DUMP);
        var bp = TestRuns.breakingPoint(r, "dump.time.min");
        assertNotNull(bp);
        assertTrue(bp.subject().contains("standalone"));
        assertTrue(bp.fix().contains("makedumpfile"));
        Curve c = TestRuns.curve(r, "dump");
        assertEquals(7, c.rows());
        double[] ram = c.column("ramGiB");
        double[] s = c.column("standaloneS");
        for (int i = 1; i < ram.length; i++) assertEquals(ram[i] / ram[0], s[i] / s[0], 1e-9);
        RunResult threads = TestRuns.run(DUMP, "stack.dump.makedumpfileThreads=4");
        assertTrue(threads.metric("dump.kdump.timeH") < r.metric("dump.kdump.timeH"));
    }
}
