package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import capsim.kernel.Simulation;
import capsim.model.HostSystem.GuestRow;
import capsim.model.common.GuestState;
import capsim.model.common.Step;
import capsim.model.libvirt.LibvirtSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.LimitedPool;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop, destroy and undefine: a shut-off guest gives back every pool its start took, is defined
 * again and can be started again; the steps check against what runs; the time they take.
 */
class ChurnTest {
    static final String CHURN = "experiments/churn-start-destroy-libvirtd-fds.json";

    @TempDir
    Path dir;

    /** An experiment on Debian 12 with a guest that takes from every pool: file disks, aio=native, a pty, NICs with two queues. */
    private Experiment experiment(String steps, String... sets) throws IOException {
        Path p = dir.resolve("churn.json");
        Files.writeString(p, """
                {
                  "name": "churn",
                  "host": "%s",
                  "stack": "%s",
                  "guest": { "memoryMiB": 2048, "touchedMiB": 300, "vcpus": 2, "disks": 3, "diskBacking": "file", "aio": "native",
                             "nics": 2, "nicQueues": 2, "console": true },
                  "steps": [
                %s
                  ]
                }
                """.formatted(Path.of("models/hosts/x86-2s-2024.json").toAbsolutePath(),
                Path.of("models/stacks/debian12.json").toAbsolutePath(), steps));
        return ExperimentLoader.load(p, capsim.config.Overrides.parseSets(List.of(sets), "--set")).experiment();
    }

    /** Runs the steps on a host system the test can look into afterwards. */
    private static HostSystem runOn(Experiment e, Map<LimitedPool, Long> before) {
        Simulation sim = new Simulation(e.seed());
        HostSystem sys = new HostSystem(sim, e.host(), e.stack(), e.guest(), false);
        if (before != null) for (LimitedPool p : sys.limits()) before.put(p, p.used());
        int[] at = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (at[0] == e.steps().size()) return;
            Step s = e.steps().get(at[0]++);
            s.run(sys, () -> sim.schedule(0, i -> next[0].run(), 0));
        };
        sim.schedule(0, i -> next[0].run(), 0);
        sys.atStart();
        sim.run();
        return sys;
    }

    @Test
    void aShutOffGuestGivesBackEveryPoolItsStartTook() throws IOException {
        Experiment e = experiment("""
                { "kind": "define", "count": 12, "concurrency": 4 },
                { "kind": "start", "count": 12, "concurrency": 4 },
                { "kind": "stop", "count": 5, "concurrency": 3 },
                { "kind": "destroy", "count": 7, "concurrency": 3 }
                """);
        Map<LimitedPool, Long> before = new IdentityHashMap<>();
        HostSystem sys = runOn(e, before);
        assertFalse(before.isEmpty());
        int took = 0;
        for (LimitedPool p : sys.limits()) {
            assertEquals(before.get(p), p.used(), p.resource() + " is back where it was before the first start");
            if (p.highWater() > before.get(p)) took++;
        }
        // fds (libvirtd, fs.file-max), tasks (qemu user, libvirtd, threads-max, pid_max), RAM, ptys, watches, aio events
        assertTrue(took >= 9, "the starts took from " + took + " pools");
        assertEquals(0, sys.runningGuests());
        assertEquals(12, sys.startableGuests(), "all 12 are defined and shut off");
    }

    @Test
    void aStoppedGuestIsStartedAgainAndTakesItsFdsAgain() throws IOException {
        Experiment e = experiment("""
                { "kind": "define", "count": 3 },
                { "kind": "start", "count": 3 },
                { "kind": "stop", "count": 1 },
                { "kind": "start", "count": 1 }
                """);
        HostSystem sys = runOn(e, null);
        List<GuestRow> rows = sys.guestRows();
        assertEquals(4, rows.size(), "a row per start");
        // the guest that came up first is the one stopped, and the only one there is to start again
        assertEquals("guest-00001", rows.get(0).guest());
        assertEquals(GuestState.STOPPED, rows.get(0).state());
        assertEquals("guest-00001", rows.get(3).guest());
        assertEquals(GuestState.RUNNING, rows.get(3).state());
        assertTrue(rows.get(3).requestedS() > rows.get(0).endedS());
        LibvirtSpec l = e.stack().libvirt();
        assertEquals(l.daemonBaseFds() + 3L * l.daemonFdsPerGuest(), sys.libvirtd().fds().used(), "3 running guests' fds");
        assertEquals(3, sys.runningGuests());
    }

    @Test
    void theGuestThatCameUpFirstIsShutOffFirst() throws IOException {
        Experiment e = experiment("""
                { "kind": "define", "count": 4 },
                { "kind": "start", "count": 4 },
                { "kind": "destroy", "count": 1 },
                { "kind": "stop", "count": 1 }
                """);
        List<GuestRow> rows = runOn(e, null).guestRows();
        assertEquals(List.of(GuestState.DESTROYED, GuestState.STOPPED, GuestState.RUNNING, GuestState.RUNNING),
                rows.stream().map(GuestRow::state).toList());
    }

    @Test
    void aStopTakesItsRpcAndTheGuestsShutdownADestroyItsRpc() throws IOException {
        String steps = """
                { "kind": "define", "count": 1 },
                { "kind": "start", "count": 1 },
                { "kind": "%s", "count": 1 }
                """;
        for (String kind : List.of("stop", "destroy")) {
            Experiment e = experiment(steps.formatted(kind), "stack.timingSpread=0");
            RunResult r = ExperimentRunner.run(e, 1);
            double upS = r.guests().get(0).endedS();
            double expectedS = kind.equals("stop")
                    ? e.stack().libvirt().stopMs() / 1000 + e.stack().qemu().guestShutdownS()
                    : e.stack().libvirt().destroyMs() / 1000;
            assertEquals(expectedS, r.metric("sim.timeS") - upS, 1e-6, kind);
            assertEquals(1, r.metric(kind.equals("stop") ? "guests.stopped" : "guests.destroyed"), kind);
            assertEquals(0, r.metric("guests.running"), kind);
        }
    }

    @Test
    void undefineTakesTheDefinedGuestWaitingLongestAndLibvirtForgetsIt() throws IOException {
        Experiment e = experiment("""
                { "kind": "define", "count": 4 },
                { "kind": "start", "count": 1 },
                { "kind": "undefine", "count": 2 },
                { "kind": "start", "count": 1 }
                """);
        HostSystem sys = runOn(e, null);
        // guest 1 runs; guests 2 and 3 are undefined; the next start takes guest 4
        assertEquals(List.of("guest-00001", "guest-00004"), sys.guestRows().stream().map(GuestRow::guest).toList());
        assertEquals(2, sys.libvirtd().definedGuests());
        RunResult r = ExperimentRunner.run(e, 1);
        assertEquals(2, r.metric("guests.undefined"));
        assertEquals(4, r.metric("guests.defined"), "define calls that completed");
    }

    @Test
    void stepsAreCheckedAgainstWhatRunsAfterTheStepsBefore() throws IOException {
        InputException stop = assertThrows(InputException.class, () -> experiment("""
                { "kind": "define", "count": 4 },
                { "kind": "start", "count": 3 },
                { "kind": "destroy", "count": 1 },
                { "kind": "stop", "count": 3 }
                """));
        assertEquals("steps[3].count", stop.path());
        assertTrue(stop.line() > 0, stop.getMessage());
        assertTrue(stop.problem().contains("shuts down 3 guests but only 2 are running after the earlier steps (3 started, 1 stopped or destroyed); allowed 1 .. 2"),
                stop.problem());
        InputException none = assertThrows(InputException.class, () -> experiment("""
                { "kind": "define", "count": 4 },
                { "kind": "destroy", "count": 1 }
                """));
        assertTrue(none.problem().contains("destroys 1 guests but none is running"), none.problem());
        // stopped guests can be started again, but no more than are defined and not running
        assertDoesNotThrow(() -> experiment("""
                { "kind": "define", "count": 2 },
                { "kind": "start", "count": 2 },
                { "kind": "destroy", "count": 2 },
                { "kind": "start", "count": 2 }
                """));
        InputException start = assertThrows(InputException.class, () -> experiment("""
                { "kind": "define", "count": 2 },
                { "kind": "start", "count": 2 },
                { "kind": "destroy", "count": 1 },
                { "kind": "start", "count": 2 }
                """));
        assertEquals("steps[3].count", start.path());
        assertTrue(start.problem().contains("starts 2 guests but only 1 defined guests are not running"), start.problem());
        // a running guest cannot be undefined here
        InputException undefine = assertThrows(InputException.class, () -> experiment("""
                { "kind": "define", "count": 3 },
                { "kind": "start", "count": 2 },
                { "kind": "undefine", "count": 2 }
                """));
        assertTrue(undefine.problem().contains("undefines 2 guests but only 1 defined guests are not running"), undefine.problem());
    }

    @Test
    void aRunWithoutChurnReportsNoChurnMetrics() {
        RunResult r = Runs.run("experiments/quickstart.json");
        assertFalse(r.metrics().values().containsKey("guests.stopped"), "a run that stops nothing reports as before");
        assertTrue(Runs.run(CHURN).metrics().values().containsKey("guests.stopped"));
    }

    /**
     * The churn experiment: with one start at a time, start k gets through while libvirtd's base
     * fds, the k - 1 running guests' fds, this start's transient fds and its own fit under the
     * limit; the destroy gives every fd back, so the second wave gets exactly as far.
     */
    @Test
    void theSecondWaveStopsWhereTheFirstDid() {
        Experiment e = Runs.load(CHURN);
        RunResult r = ExperimentRunner.run(e, e.seed());
        LibvirtSpec l = e.stack().libvirt();
        long limit = l.effectiveNofile();
        long transientFds = l.startTransientFds() + (long) l.startTransientFdsPerNicQueue() * e.guest().nics() * e.guest().nicQueues();
        long perGuest = l.daemonFdsPerGuest();
        long fit = (limit - l.daemonBaseFds() - transientFds - perGuest) / perGuest + 1;
        int wave = ((capsim.model.StartGuests) e.steps().get(1)).count();
        assertTrue(fit < wave, "the wall is inside the wave: " + fit);

        List<GuestRow> rows = r.guests();
        assertEquals(2 * wave, rows.size());
        long first = rows.subList(0, wave).stream().filter(g -> g.state() == GuestState.DESTROYED).count();
        long second = rows.subList(wave, 2 * wave).stream().filter(g -> g.state() == GuestState.RUNNING).count();
        assertEquals(fit, first, "the first wave");
        assertEquals(fit, second, "the second wave, after the destroy gave the fds back");
        assertEquals(2 * fit, r.metric("guests.started"));
        assertEquals(fit, r.metric("guests.destroyed"));
        assertEquals(wave - fit, r.metric("guests.stopsWithoutGuest"), "the destroy found the failed starts not running");

        BreakingPoint bp = Runs.wall(r, "libvirtd.nofile");
        assertNotNull(bp);
        assertEquals(fit + 1, Runs.guestNumber(bp));
        // what one wave would need with every guest running and one more start in flight: the churn does not count it twice
        assertEquals(l.daemonBaseFds() + perGuest * (wave - 1) + transientFds + perGuest, bp.suggested());

        // and that is enough for both waves
        RunResult raised = Runs.run(CHURN, "stack.libvirt.daemonNofile=" + bp.suggested());
        assertTrue(raised.breakingPoints().isEmpty(), raised.breakingPoints().toString());
        assertEquals(2 * wave, raised.metric("guests.started"));
    }
}
