package capsim.model.migration;

import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentPaths;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import org.junit.jupiter.api.Test;

class MigrationTest {
    private static final String MIGRATE = "experiments/f17-migrate-65-concurrent.json";
    private static final String SSH = "experiments/f18-ssh-fanout-20-sessions.json";
    private static final double MIB = 1024.0 * 1024;

    @Test
    void theMigrationBeyondThePortRangeFailsAndAWiderRangeLetsItThrough() {
        Experiment e = TestRuns.load(MIGRATE);
        MigrationSpec m = e.stack().migration();
        int ports = m.portMax() - m.portMin() + 1;
        RunResult r = TestRuns.run(MIGRATE, "steps[0].count=" + (ports + 1));
        assertEquals(1, r.metric("migration.failed"));
        assertEquals(ports, r.metric("migration.completed"));
        BreakingPoint bp = TestRuns.breakingPoint(r, "libvirt.migration-ports");
        assertEquals(Errno.EADDRINUSE, bp.errno());
        assertEquals(String.format("migration-%05d", ports + 1), bp.subject());
        assertEquals("stack.migration.portMax", ExperimentPaths.of(bp));
        assertEquals(m.portMax() + 1, bp.suggested(), "the value migration_port_max needs");

        RunResult wide = TestRuns.run(MIGRATE, "steps[0].count=" + (ports + 1), "stack.migration.portMax=" + (m.portMin() + 127));
        assertEquals(0, wide.metric("migration.failed"));
        assertEquals(ports + 1, wide.metric("migration.completed"));
        RunResult explicit = TestRuns.run(MIGRATE, "steps[0].count=" + (ports + 1), "steps[0].explicitPorts=true");
        assertEquals(0, explicit.metric("migration.failed"));
    }

    @Test
    void concurrentMigrationsShareTheLink() {
        Experiment e = TestRuns.load(MIGRATE, "steps[0].dirtyMiBps=0", "steps[0].count=10");
        double linkBytesPerS = e.host().net().migrationLinkGbps() * 1e9 / 8;
        double ram = e.guest().memoryMiB() * MIB;
        RunResult r = TestRuns.run(e);
        double expected = e.stack().migration().setupMs() / 1e3 + 10 * ram / linkBytesPerS;
        assertEquals(expected, r.metric("migration.time.maxS"), 1e-6);
        assertEquals(expected, r.metric("migration.time.meanS"), 1e-6, "all finish together");
        assertEquals(1, r.metric("migration.iterations.mean"), 1e-9);
    }

    @Test
    void preCopySendsTheDirtiedPagesAgainUntilTheRestFitsTheDowntime() {
        double dirty = 200;
        Experiment e = TestRuns.load(MIGRATE, "steps[0].dirtyMiBps=" + dirty, "steps[0].count=1", "steps[0].workingSetMiB=0");
        MigrationSpec m = e.stack().migration();
        double b = e.host().net().migrationLinkGbps() * 1e9 / 8;
        // independent replay of QEMU's loop for one guest alone on the link
        double left = e.guest().memoryMiB() * MIB;
        double t = m.setupMs() / 1e3;
        int rounds = 0;
        while (true) {
            double roundS = left / b;
            t += roundS;
            rounds++;
            left = Math.min(e.guest().memoryMiB() * MIB, dirty * MIB * roundS);
            if (left <= b * m.downtimeLimitMs() / 1e3 || rounds >= m.maxIterations()) break;
        }
        double downtimeS = left / b;
        t += downtimeS;
        RunResult r = TestRuns.run(e);
        assertEquals(t, r.metric("migration.time.maxS"), 1e-6);
        assertEquals(rounds, r.metric("migration.iterations.mean"), 1e-9);
        assertEquals(downtimeS * 1e3, r.metric("migration.downtime.maxMs"), 1e-3);
        assertTrue(r.metric("migration.downtime.maxMs") <= m.downtimeLimitMs());
    }

    @Test
    void tooManyConcurrentBusyGuestsDoNotConverge() {
        Experiment e = TestRuns.load(MIGRATE, "stack.migration.portMax=49279", "steps[0].dirtyMiBps=50");
        double share = e.host().net().migrationLinkGbps() * 1e9 / 8 / 65 / MIB;
        assertTrue(share < 50, "precondition: each guest's share is below its dirty rate");
        RunResult r = TestRuns.run(e);
        assertEquals(65, r.metric("migration.nonConverged"));
        assertEquals(e.stack().migration().maxIterations(), r.metric("migration.iterations.mean"), 1e-9);
    }

    @Test
    void theSessionBeyondMaxSessionsIsRefusedAndTheScriptStalls() {
        Experiment e = TestRuns.load(SSH);
        int max = e.stack().ssh().maxSessions();
        RunResult r = TestRuns.run(e);
        BreakingPoint bp = TestRuns.breakingPoint(r, "sshd.sessions");
        assertEquals(String.format("session-%03d (connection 1)", max + 1), bp.subject());
        assertEquals("stack.ssh.maxSessions", ExperimentPaths.of(bp));
        assertEquals(20 - max, r.metric("ssh.sessions.refused"));
        double sessionS = 60;
        assertEquals(Math.ceil(20.0 / max) * sessionS, r.metric("ssh.totalS"), 1e-9, "refused sessions wait for a slot");

        RunResult raised = TestRuns.run(SSH, "stack.ssh.maxSessions=20");
        assertEquals(0, raised.metric("ssh.sessions.refused"));
        assertEquals(sessionS, raised.metric("ssh.totalS"), 1e-9);
        RunResult noRetry = TestRuns.run(SSH, "steps[0].retryRefused=false");
        assertEquals(max, noRetry.metric("ssh.sessions.opened"));
        RunResult twoConnections = TestRuns.run(SSH, "steps[0].connections=2");
        assertEquals(0, twoConnections.metric("ssh.sessions.refused"));
    }
}
