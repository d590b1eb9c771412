package capsim.validate.probe;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.JsonText;
import capsim.hostdetect.HostDetect;
import capsim.validate.Validation;
import capsim.validate.calibration.Series;
import capsim.validate.host.Cleanup;
import capsim.validate.host.ProcFilesTestAccess;
import capsim.validate.host.QemuLauncher;
import capsim.validate.predict.ModelPredictor;
import capsim.validate.predict.ValidationModels;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of the host CPU: concurrent-starts' calibration split, cpu-share (a real run of
 * k = 1, 2 busy guests with a short window, skipped without a guest unless CI requires it) and
 * wakeup (the JVM alone).
 */
class CpuProbesTest {
    @TempDir
    Path tmp;

    private ProbeContext context(Cleanup c, int max, int repeat) throws Exception {
        Path host = tmp.resolve("host.json");
        Files.writeString(host, JsonText.PRETTY.toJson(new HostDetect().detect()));
        ModelPredictor m = new ModelPredictor(host, Path.of("models/stacks/debian12-tcg.json"), tmp, QemuLauncher.GUEST_MEMORY_MIB);
        return new ProbeContext(new ProbeContext.Settings(max, 4, repeat, 4), c, new QemuLauncher(c, Duration.ofSeconds(20)), m, Map.of(),
                ValidationModels.limits(), ValidationModels.costs(), List.of(), ProcFilesTestAccess.tcgGuests(c, Duration.ofSeconds(120)),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void theNewProbesAreListedAndSelectable() {
        List<String> names = Probe.all().stream().map(Probe::name).toList();
        assertTrue(names.containsAll(List.of("concurrent-starts", "cpu-share", "wakeup")), names.toString());
        assertEquals(List.of("cpu-share", "wakeup"), Validation.select(List.of("wakeup", "cpu-share")).stream().map(Probe::name).toList());
        Probe wakeup = Validation.select(List.of("wakeup")).get(0);
        assertFalse(wakeup.needsQemu() || wakeup.needsNetns(), "the JVM alone");
    }

    @Test
    void concurrentStartsCalibratesOnOneAndTwoAndJudgesTheOthers() {
        int[] cal = ConcurrentStartsProbe.CALIBRATION;
        int[] out = ConcurrentStartsProbe.HELD_OUT;
        assertArrayEquals(new int[] {1, 2, 4, 8, 16}, ConcurrentStartsProbe.points(16, cal, out));
        assertArrayEquals(new int[] {1, 2, 4, 6}, ConcurrentStartsProbe.points(6, cal, out), "N itself when it is no held-out point");
        assertArrayEquals(new int[] {1, 2}, ConcurrentStartsProbe.points(2, cal, out));
        assertArrayEquals(new int[] {1}, ConcurrentStartsProbe.points(1, cal, out));
        assertArrayEquals(new int[] {1, 2, 3, 4, 6, 8}, ConcurrentStartsProbe.points(8, CpuShareProbe.CALIBRATION, CpuShareProbe.HELD_OUT));
        Series s = new Series("concurrent-starts", "qemu-tcg", "slowestBootMs", "ms", "guests at once",
                capsim.validate.calibration.Tolerance.CONTENTION, null);
        for (int k : ConcurrentStartsProbe.points(16, cal, out)) ConcurrentStartsProbe.add(s, k, 1000 * k, 1000 * k, cal);
        assertArrayEquals(new boolean[] {true, true, false, false, false}, s.declaredCalibrationPoints());
        assertEquals(Duration.ofSeconds(120), ConcurrentStartsProbe.bootTimeout(1));
        assertEquals(Duration.ofSeconds(320), ConcurrentStartsProbe.bootTimeout(16), "k guests share the host's CPUs");
    }

    @Test
    void theBackgroundDuringAWindowIsTheBusyFractionLessTheGuestsCpus() {
        // 2 CPUs 90 % busy, the two QEMUs took 0.8 CPU each: 0.2 of the 2 CPUs' 1.8 was other work
        var p = new CpuShareProbe.Point(2, new double[] {20, 22}, new double[] {0.8, 0.8}, 0.3, 0.9, 2);
        assertEquals(0.1, p.backgroundDuring(), 1e-12);
        assertEquals(0, new CpuShareProbe.Point(1, new double[] {1}, new double[] {1.0}, 0, 0.4, 2).backgroundDuring(), 1e-12,
                "never below 0 (ticks are coarse)");
        assertEquals(21, CpuShareProbe.mean(p.rates()), 1e-12);
    }

    /** k = 1 and 2 busy guests for real, a 3 s window: both calibration points, so reported, not judged. */
    @Test
    void cpuShareMeasuresTwoBusyGuestsAgainstOneAlone() throws Exception {
        ProcFilesTestAccess.requireGuest();
        try (Cleanup c = new Cleanup()) {
            ProbeContext ctx = context(c, 2, 1);
            ProbeResult r = new CpuShareProbe(Duration.ofMillis(500), Duration.ofSeconds(3)).run(ctx);
            assertNull(r.error());
            assertEquals(2, r.series().size());
            Series share = r.series().get(0);
            Series qemu = r.series().get(1);
            assertEquals("shareOfOneCpu", share.metric());
            assertArrayEquals(new double[] {1, 2}, share.x());
            assertArrayEquals(new boolean[] {true, true}, share.declaredCalibrationPoints(), "k = 1, 2 calibrate");
            assertTrue(share.notJudged() && r.passes(), "nothing held out: reported");
            // one guest alone: its progress is its QEMU's CPUs (the reference for what one CPU-second gives)
            assertEquals(qemu.measured()[0], share.measured()[0], 1e-9, "one guest alone is the reference");
            assertEquals(1.0, share.contextOf(0).get("ofAlone"), 1e-12);
            // a short window's progress is noisy (a guest's first seconds refill TCG's translation cache): sane, not exact;
            // the QEMUs' CPU time below is the tight check
            assertTrue(share.measured()[1] > 0.2 && share.measured()[1] < 2.0, "two guests on this host: " + share.measured()[1] + " " + share.contextOf(0) + " " + share.contextOf(1) + " qemu " + java.util.Arrays.toString(qemu.measured()));
            // the model's share with the work that ran beside them off the capacity: min(1, (cpus - background) / 2) by hand
            double beside = share.contextOf(1).get("backgroundBusy") * ctx.model().hostCpus();
            assertEquals(Math.min(1, (ctx.model().hostCpus() - beside) / 2), share.predicted()[1], 1e-9, "the CPU model predicts");
            for (int i = 0; i < 2; i++) {
                assertTrue(share.contextOf(i).get("countsPerS") > 1, "a busy guest prints counts: " + share.contextOf(i));
                double bg = share.contextOf(i).get("backgroundBusy");
                assertTrue(bg >= 0 && bg <= 1, "a fraction: " + bg);
                assertTrue(share.contextOf(i).containsKey("backgroundDuring"));
                double cpus = qemu.measured()[i];
                assertTrue(cpus > 0.3 && cpus < 1.2, "a busy 1-vCPU QEMU of two on this host takes about a CPU: " + cpus);
            }
        }
    }

    @Test
    void wakeupAndEventLoopCostsAreMeasured() throws Exception {
        for (WakeupProbe.Handoff how : WakeupProbe.Handoff.values()) {
            double us = WakeupProbe.pingPong(how, WakeupProbe.Placement.FREE, 2000);
            assertTrue(us > 0.05 && us < 10_000, how + ": " + us + " µs");
        }
        double one = WakeupProbe.eventLoopIterationUs(1, 500);
        double many = WakeupProbe.eventLoopIterationUs(32, 500);
        assertTrue(one > 0 && many > one, "serving 32 ready fds costs more than 1: " + one + " / " + many);
    }

    @Test
    void theWakeupProbeReportsItsFiguresAsMeasurements() throws Exception {
        try (Cleanup c = new Cleanup()) {
            ProbeResult r = new WakeupProbe(2000, 200).run(context(c, 8, 1));
            List<String> names = r.measurements().stream().map(ProbeResult.Measurement::name).toList();
            assertTrue(names.containsAll(List.of("backgroundBusy", "wakeupParkUs", "wakeupPipeUs", "eventLoopIterationUs.M1",
                    "eventLoopIterationUs.M8", "eventLoopIterationBaseUs", "eventLoopPerSourceUs")), names.toString());
            if (capsim.validate.host.ThreadAffinity.available() && Runtime.getRuntime().availableProcessors() >= 2) {
                assertTrue(names.containsAll(List.of("wakeupParkSameCpuUs", "wakeupParkCrossCpuUs", "wakeupPipeSameCpuUs", "wakeupPipeCrossCpuUs")), names.toString());
            }
            for (ProbeResult.Measurement m : r.measurements()) assertTrue(Double.isFinite(m.value()), m.describe());
            assertTrue(r.series().isEmpty() && r.passes(), "figures, nothing judged");
        }
    }
}
