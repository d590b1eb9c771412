package capsim.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capsim.config.InputException;
import capsim.experiment.ExperimentBuilder;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Starts and loads on a small host, their times against processor sharing worked out by hand:
 * every part of a start but the boot is set to 0 so the boot's CPU work is all that is shared.
 */
class HostCpusTest {
    private static final double BOOT_S = 4;

    private static ExperimentBuilder host(int cpus, int vcpus) {
        return ExperimentBuilder.create("cpu-test")
                .host(Path.of("models/hosts/calibrated-vm.json"))
                .stack(Path.of("models/stacks/debian12-tcg.json"))
                .guest(json("{\"memoryMiB\": 64, \"vcpus\": " + vcpus + ", \"disks\": 0, \"nics\": 0, \"console\": false}"))
                .override("host.cpus", cpus)
                .override("host.cpu.backgroundCpus", 0)
                .override("stack.timingSpread", 0)
                .override("stack.libvirt.defineMs", 0)
                .override("stack.libvirt.startPrepareMs", 0)
                .override("stack.machined.createMachineMs", 0)
                .override("stack.qemu.processStartMs", 0)
                .override("stack.qemu.deviceRealizeMs", 0)
                .override("stack.qemu.guestBootS", BOOT_S);
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static RunResult run(ExperimentBuilder e) {
        return ExperimentRunner.run(e.build(), 1);
    }

    @Test
    void bootsAtOnceShareTheCpus() {
        for (int k : new int[] {1, 2, 3, 6}) {
            int cpus = 2;
            RunResult r = run(host(cpus, 1)
                    .step(json("{\"kind\": \"define\", \"count\": " + k + "}"))
                    .step(json("{\"kind\": \"start\", \"count\": " + k + ", \"concurrency\": " + k + "}")));
            // k boots of BOOT_S CPU-seconds, each at most one CPU: all end together at BOOT_S x max(1, k / cpus)
            double expected = BOOT_S * Math.max(1, (double) k / cpus);
            assertEquals(expected, r.metric("start.latency.maxS"), 1e-6, "k=" + k);
        }
    }

    /**
     * 3 guests of 2 vCPUs busy on 2 CPUs, then one more starts: with cgroups its scope weighs as
     * each loaded guest's (4 scopes, 0.5 CPU each), flat its boot thread is one of 7 (2/7 CPU).
     */
    @Test
    void aStartUnderLoadGetsItsScopesShareOrItsThreadsShare() {
        for (String sharing : new String[] {"cgroups", "flat"}) {
            RunResult r = run(host(2, 2)
                    .override("host.cpu.sharing", new com.google.gson.JsonPrimitive(sharing))
                    .step(json("{\"kind\": \"define\", \"count\": 4}"))
                    .step(json("{\"kind\": \"start\", \"count\": 3, \"concurrency\": 1}"))
                    .step(json("{\"kind\": \"load\", \"guests\": 3, \"seconds\": 1000}"))
                    .step(json("{\"kind\": \"start\", \"count\": 1}")));
            double share = sharing.equals("cgroups") ? 2.0 / 4 : 2.0 / 7;
            assertEquals(BOOT_S / share, r.metric("start.latency.maxS"), 1e-6, sharing);
            // the loaded vCPUs: 6 asking 1 each on 2 CPUs; while the boot runs they get less
            double bootTime = BOOT_S / share;
            double perGuestDuringBoot = (2 - share) / 3;   // each loaded guest's 2 vCPUs together
            double served = (bootTime * perGuestDuringBoot * 3 + (1000 - bootTime) * 2) / (1000 * 6);
            assertEquals(1 - served, r.metric("cpu.load.load1.vcpu.steal"), 1e-6, sharing);
        }
    }

    @Test
    void aSteadyLoadOnAllCpusHasTheStealProcessorSharingGives() {
        // 5 guests x 1 vCPU at 80 % on 2 CPUs: demand 4 CPUs, served 2: steal 1/2
        RunResult r = run(host(2, 1)
                .step(json("{\"kind\": \"define\", \"count\": 5}"))
                .step(json("{\"kind\": \"start\", \"count\": 5}"))
                .step(json("{\"kind\": \"load\", \"guests\": 5, \"seconds\": 100, \"waitForEnd\": true, \"profile\": {\"utilization\": 0.8}}")));
        assertEquals(0.5, r.metric("cpu.load.load1.vcpu.steal"), 1e-9);
        assertEquals(RunResult.Outcome.COMPLETED, r.outcome());
    }

    @Test
    void aStealAboveItsSloIsABreakingPointAndBelowItIsNot() {
        double steal = 0.5;
        for (double slo : new double[] {steal - 0.01, steal + 0.01}) {
            RunResult r = run(host(2, 1)
                    .step(json("{\"kind\": \"define\", \"count\": 5}"))
                    .step(json("{\"kind\": \"start\", \"count\": 5}"))
                    .step(json("{\"kind\": \"load\", \"guests\": 5, \"seconds\": 100, \"waitForEnd\": true, \"stealSlo\": " + slo
                            + ", \"profile\": {\"utilization\": 0.8}}")));
            boolean broke = r.breakingPoints().stream().anyMatch(bp -> bp.spec().resource().equals("cpu.steal"));
            assertEquals(slo < steal, broke, "slo " + slo);
        }
    }

    /** The steal wall's knob is the host's CPUs: 5 vCPUs asking 0.8 with a 10 % SLO need 0.9 x 4 = 3.6 CPUs of service. */
    @Test
    void theStealWallSuggestsTheCpusThatHoldTheSloAndARunWithThemPasses() {
        java.util.function.IntFunction<RunResult> withCpus = cpus -> run(host(cpus, 1)
                .step(json("{\"kind\": \"define\", \"count\": 5}"))
                .step(json("{\"kind\": \"start\", \"count\": 5}"))
                .step(json("{\"kind\": \"load\", \"guests\": 5, \"seconds\": 100, \"waitForEnd\": true, \"stealSlo\": 0.1,"
                        + " \"profile\": {\"utilization\": 0.8}}")));
        RunResult broke = withCpus.apply(2);
        var bp = broke.breakingPoints().stream().filter(b -> b.spec().resource().equals("cpu.steal")).findFirst().orElseThrow();
        long suggested = bp.suggestedKnobValue();
        assertEquals((long) Math.ceil(0.9 * 5 * 0.8), suggested);
        assertTrue(withCpus.apply((int) suggested).breakingPoints().isEmpty(), "the suggested CPUs hold the SLO");
        assertTrue(!withCpus.apply((int) suggested - 1).breakingPoints().isEmpty(), "one fewer does not");
    }

    @Test
    void aBusyIdleCycleAsksForItsDutyCycle() {
        // 40 guests, 1 s busy / 3 s idle each at its own phase, on 64 CPUs: never contended, so served = asked,
        // and what they asked is about a quarter of 40 CPUs over the time
        RunResult r = run(host(64, 1)
                .step(json("{\"kind\": \"define\", \"count\": 40, \"concurrency\": 40}"))
                .step(json("{\"kind\": \"start\", \"count\": 40, \"concurrency\": 40}"))
                .step(json("{\"kind\": \"load\", \"guests\": 40, \"seconds\": 400, \"waitForEnd\": true, \"profile\": {\"busyS\": 1, \"idleS\": 3}}")));
        assertEquals(0, r.metric("cpu.load.load1.vcpu.steal"), 1e-12);
        assertEquals(40 * 0.25 * 400, r.metric("cpu.load.load1.vcpu.cpuSeconds"), 40 * 0.25 * 400 * 0.02);
    }

    /** A migration during a load re-sends what the load dirties: the same as a migration told that dirty rate. */
    @Test
    void aMigrationDuringALoadUsesTheLoadsDirtyRate() {
        RunResult during = run(host(2, 1)
                .step(json("{\"kind\": \"define\", \"count\": 2}"))
                .step(json("{\"kind\": \"start\", \"count\": 2}"))
                .step(json("{\"kind\": \"load\", \"guests\": 2, \"seconds\": 10000, \"profile\": {\"utilization\": 0, \"dirtyMiBPerS\": 40}}"))
                .step(json("{\"kind\": \"migrate\", \"count\": 2, \"workingSetMiB\": 32}")));
        RunResult told = run(host(2, 1)
                .step(json("{\"kind\": \"define\", \"count\": 2}"))
                .step(json("{\"kind\": \"start\", \"count\": 2}"))
                .step(json("{\"kind\": \"migrate\", \"count\": 2, \"dirtyMiBps\": 40, \"workingSetMiB\": 32}")));
        RunResult idle = run(host(2, 1)
                .step(json("{\"kind\": \"define\", \"count\": 2}"))
                .step(json("{\"kind\": \"start\", \"count\": 2}"))
                .step(json("{\"kind\": \"migrate\", \"count\": 2, \"workingSetMiB\": 32}")));
        assertEquals(told.metric("migration.time.maxS"), during.metric("migration.time.maxS"), 1e-9);
        assertTrue(during.metric("migration.time.maxS") > idle.metric("migration.time.maxS"), "dirtied memory is sent again");
    }

    /** Hot-plugging into one guest while 3 others are busy on 2 CPUs: its QEMU's scope is one of 4, so each plug takes twice as long. */
    @Test
    void aHotplugDuringALoadTakesItsScopesShare() {
        java.util.function.Function<Boolean, RunResult> plug = loaded -> {
            ExperimentBuilder e = host(2, 1)
                    .step(json("{\"kind\": \"define\", \"count\": 4}"))
                    .step(json("{\"kind\": \"start\", \"count\": 4}"));
            if (loaded) e.step(json("{\"kind\": \"load\", \"guests\": 3, \"seconds\": 100000}"));
            return run(e.step(json("{\"kind\": \"hotplug\", \"count\": 50, \"virtqueuesPerDevice\": 3}")));
        };
        RunResult idle = plug.apply(false);
        assertEquals(idle.metric("hotplug.totalS"), idle.metric("hotplug.elapsedS"), 1e-6, "alone a plug takes its work");
        assertEquals(2 * idle.metric("hotplug.totalS"), plug.apply(true).metric("hotplug.elapsedS"), 1e-6);
    }

    @Test
    void aLoadOfMoreGuestsThanStartedIsRejected() {
        InputException e = assertThrows(InputException.class, () -> host(2, 1)
                .step(json("{\"kind\": \"define\", \"count\": 5}"))
                .step(json("{\"kind\": \"start\", \"count\": 2}"))
                .step(json("{\"kind\": \"load\", \"guests\": 3, \"seconds\": 10}")).build());
        assertTrue(e.getMessage().contains("steps[2].guests"), e.getMessage());
    }
}
