package capsim.validate.calibration;

import capsim.validate.predict.ModelPredictor;
import capsim.validate.predict.ValidationModels;
import capsim.config.JsonText;
import capsim.hostdetect.HostDetect;
import capsim.hostdetect.ProcFiles;
import static org.junit.jupiter.api.Assertions.*;

import capsim.config.Binder;
import capsim.config.PositionedJson;
import capsim.model.StackSpec;
import capsim.model.host.HostSpec;
import capsim.validate.predict.ValidationModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {
    @TempDir
    Path tmp;

    @Test
    void leastSquaresRecoversKnownLinearAndQuadraticParameters() {
        MersenneTwister rng = new MersenneTwister(42);
        int n = 200;
        double[] x = new double[n];
        double[] lin = new double[n];
        double[] quad = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 5;
            lin[i] = 20 + 0.25 * x[i] + rng.nextGaussian() * 0.5;
            quad[i] = 3 + 0.1 * x[i] + 0.002 * x[i] * x[i] + rng.nextGaussian() * 0.5;
        }
        LeastSquaresFit.Result l = LeastSquaresFit.fit(LeastSquaresFit.LINEAR, x, lin);
        assertEquals(20, l.params()[0], 0.3);
        assertEquals(0.25, l.params()[1], 0.002);
        assertEquals(0.5, l.rms(), 0.1, "the residual is the noise");
        LeastSquaresFit.Result q = LeastSquaresFit.fit(LeastSquaresFit.QUADRATIC, x, quad);
        assertEquals(3, q.params()[0], 0.5);
        assertEquals(0.1, q.params()[1], 0.01);
        assertEquals(0.002, q.params()[2], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> LeastSquaresFit.fit(LeastSquaresFit.QUADRATIC, new double[] {1, 2}, new double[] {1, 2}));
    }

    @Test
    void fitsTheLowerHalfAndChecksOnTheUpperHalf() {
        boolean[] split = Calibration.fitSplit(new double[] {40, 0, 30, 10, 20}, 2);
        assertArrayEquals(new boolean[] {false, true, false, true, true}, split);
        // too few points to leave any for checking: all fit
        assertArrayEquals(new boolean[] {true, true}, Calibration.fitSplit(new double[] {1, 2}, 2));
    }

    @Test
    void calibrationOfSyntheticCurvesGivesTheirParametersAndAPredictionError() {
        Series s = new Series("qemu-disks", "s390x-file", "startMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("stack.qemu.processStartMs", "stack.qemu.deviceRealizeMs"));
        Series rss = new Series("qemu-disks", "s390x-file", "rssMiB", "MiB", "disks", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("stack.qemu.overheadMiB", "extra.rssPerDiskMiB"));
        for (int d = 0; d <= 256; d += 32) {
            s.add(d, 18 + 0.3 * d, 150);
            rss.add(d, 30 + 0.2 * d, 33);
        }
        List<Calibration.Parameter> ps = Calibration.calibrate(List.of(s, rss));
        Map<String, Double> byName = ps.stream().collect(Collectors.toMap(Calibration.Parameter::name, Calibration.Parameter::value));
        assertEquals(18, byName.get("stack.qemu.processStartMs"), 1e-6);
        assertEquals(0.3, byName.get("stack.qemu.deviceRealizeMs"), 1e-9);
        assertEquals(0.2, byName.get("extra.rssPerDiskMiB"), 1e-9);
        // exact data extrapolates exactly: the check error is 0 on the points that were not fitted
        assertEquals(0, s.calibratedCheckErrors().mape(), 1e-9);
        assertEquals(4, s.calibratedCheckErrors().points());
        assertTrue(ps.get(0).describe().contains("disks <= 128"), ps.get(0).describe());
        assertFalse(s.passes(), "the uncalibrated prediction (150 ms flat) is far off");
    }

    @Test
    void calibratedStackIsAValidStackModelWithTheFittedValuesAndProvenance() throws Exception {
        Series start = new Series("qemu-disks", "s390x-file", "startMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("stack.qemu.processStartMs", CalibratedModels.START_PER_DISK));
        Series reset = new Series("qemu-reset", "s390x-null-co", "resetMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("extra.resetBaseMs", "stack.qemu.drainPollMs"));
        Series bridge = new Series("bridge-ports", "kernel", "attachUs", "µs", "ports", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("extra.bridgeAttachBaseUs", "host.net.bridgePortWalkNs", 1, 1000));
        Series tap = new Series("netdev-create", "kernel-tap", "createUs", "µs", "interfaces", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("host.net.netdevCreateMs", "host.net.nameScanNsPerDevice", 0.001, 1000));
        for (int d = 0; d <= 8; d++) {
            start.add(d, 25 + 0.5 * d, 150);
            reset.add(d, 0.3 + 0.1 * d, 0.5);
            bridge.add(d * 100, 200 - 0.01 * d * 100, 50);
            tap.add(d * 100, 150 + 0.2 * d * 100, 2000);
        }
        List<Calibration.Parameter> ps = CalibratedModels.derive(Calibration.calibrate(List.of(start, reset, bridge, tap)), 0.387);
        Path hostFile = tmp.resolve("host.json");
        Files.writeString(hostFile, capsim.config.JsonText.PRETTY.toJson(new HostDetect().detect()));
        Path models = tmp.resolve("models");
        Path results = Files.createDirectories(tmp.resolve("results"));
        List<Path> written = CalibratedModels.write(ps, Path.of("models/stacks/debian12-tcg.json"),
                Path.of("models/validate/costs.json"), hostFile, "test-host", "fitted on test-host", results, models);
        Path stackFile = models.resolve("stacks/calibrated-test-host-tcg-s390x.json");
        assertTrue(written.contains(stackFile), written.toString());
        PositionedJson doc = PositionedJson.read(stackFile);
        StackSpec stack = new Binder(doc.origins(""), doc.file()).bind(doc.root(), StackSpec.class);
        assertEquals(25, stack.qemu().processStartMs(), 1e-6);
        assertEquals(0.1, stack.qemu().drainPollMs(), 1e-9);
        // the start slope is realize + the drain of each disk's one reset at start
        assertEquals(0.5 - 0.1, stack.qemu().deviceRealizeMs(), 1e-9);
        String text = Files.readString(stackFile);
        assertTrue(text.contains("fitted on test-host"), text);
        Path costsFile = models.resolve("validate/calibrated-test-host-tcg-costs.json");
        ValidationModels.Costs costs = ValidationModels.load(costsFile, ValidationModels.Costs.class);
        assertEquals(0.3, costs.resetBaseMs(), 1e-9);
        assertEquals(200, costs.bridgeAttachBaseUs(), 1e-6);
        // host costs go into a calibrated host model, in the model's units
        Path hostOut = models.resolve("hosts/calibrated-test-host.json");
        PositionedJson hd = PositionedJson.read(hostOut);
        capsim.scenario.ModelFacts.fillHost(hd.root().getAsJsonObject(), java.nio.file.Path.of("models/hosts/x86-2s-2024.json"), hd.file(), new java.util.HashMap<>());
        HostSpec h = new Binder(hd.origins(""), hd.file()).bind(hd.root(), HostSpec.class);
        assertEquals(0.150, h.net().netdevCreateMs(), 1e-9, "150 µs");
        assertEquals(200, h.net().nameScanNsPerDevice(), 1e-6, "0.2 µs per device");
        assertEquals(0, h.net().bridgePortWalkNs(), "a negative fitted cost is clamped to 0");
        assertTrue(Files.readString(hostOut).contains("clamped to 0"));
        assertTrue(Files.exists(results.resolve("calibration.json")));
    }
    @Test
    void declaredCalibrationPointsAreNotJudgedAndTheHeldOutOnesAre() {
        Series s = new Series("concurrent-starts", "qemu-tcg", "slowestBootMs", "ms", "guests at once", Tolerance.CONTENTION, null);
        // the calibration points are far off (a model fitted on them would not be), the held-out ones within 15 %
        s.addCalibrationPoint(1, 5300, 1000).context("backgroundBusy", 0.05);
        s.addCalibrationPoint(2, 5400, 1000);
        s.add(4, 10_000, 11_000).context("backgroundBusy", 0.5).context("busyDuring", 1.0);
        s.add(8, 20_000, 21_000);
        assertTrue(s.hasDeclaredSplit());
        assertArrayEquals(new boolean[] {true, true, false, false}, s.declaredCalibrationPoints());
        assertEquals(2, s.judgedErrors().points(), "judged on the held-out points only");
        assertEquals((0.1 + 0.05) / 2, s.judgedErrors().mape(), 1e-12);
        assertEquals(4, s.errors().points(), "the errors over every point are still there");
        assertTrue(s.passes(), "within 15 % where it is judged");
        assertEquals(List.of("fit", "fit", "check", "check"), java.util.stream.IntStream.range(0, 4).mapToObj(s::role).toList());
        assertEquals(Map.of("backgroundBusy", 0.5, "busyDuring", 1.0), s.contextOf(2));
        assertEquals(List.of("backgroundBusy", "busyDuring"), List.copyOf(s.contextOf(2).keySet()), "in the order given");
        assertTrue(s.contextOf(3).isEmpty());

        Series far = new Series("concurrent-starts", "qemu-tcg", "slowestStartMs", "ms", "guests at once", Tolerance.CONTENTION, null);
        far.addCalibrationPoint(1, 50, 50);
        far.add(16, 800, 50);
        assertFalse(far.passes(), "a held-out point 94 % off fails");
    }

    @Test
    void withCalibrationPointsOnlyNothingIsJudgedYet() {
        Series s = new Series("cpu-share", "qemu-tcg", "shareOfOneCpu", "CPU", "busy guests", Tolerance.CONTENTION, null);
        s.addCalibrationPoint(1, 1, 1);
        s.addCalibrationPoint(2, 0.5, 1);
        assertNull(s.judgedErrors());
        assertTrue(s.notJudged());
        assertTrue(s.passes(), "not judged: nothing held out");
        assertThrows(IllegalStateException.class, () -> new Series("p", "g", "m", "ms", "x", Tolerance.CONTENTION, null).context("k", 1));
        // without declared points a series is judged on all of them, as before
        Series plain = new Series("qemu-disks", "s390x-file", "startMs", "ms", "disks", Tolerance.TIME_AND_MEMORY, null).add(1, 10, 10);
        assertFalse(plain.hasDeclaredSplit());
        assertNull(plain.declaredCalibrationPoints());
        assertEquals(1, plain.judgedErrors().points());
        assertEquals("", plain.role(0), "no role before calibration");
    }

    @Test
    void calibrationFitsOnTheDeclaredPointsAndChecksOnTheHeldOutOnes() {
        Series s = new Series("probe", "x86_64-file", "startMs", "ms", "guests", Tolerance.CONTENTION,
                new Series.Calibrates("stack.qemu.processStartMs", "stack.qemu.deviceRealizeMs"));
        // the declared calibration points are the two largest: the lower-half rule would fit on 1, 2, 3
        s.add(1, 999, 0);
        s.add(2, 999, 0);
        s.add(3, 999, 0);
        s.addCalibrationPoint(8, 10 + 2 * 8, 0);
        s.addCalibrationPoint(16, 10 + 2 * 16, 0);
        List<Calibration.Parameter> ps = Calibration.calibrate(List.of(s));
        assertEquals(10, ps.get(0).value(), 1e-6);
        assertEquals(2, ps.get(1).value(), 1e-9);
        assertArrayEquals(new boolean[] {false, false, false, true, true}, s.fitPoints());
        assertEquals(3, s.calibratedCheckErrors().points(), "checked on the held-out points");
        assertEquals(2, ps.get(0).fitPoints());
        // one declared calibration point cannot fit two parameters: the series is left uncalibrated
        Series one = new Series("probe", "x86_64-file", "startMs", "ms", "guests", Tolerance.CONTENTION,
                new Series.Calibrates("a", "b"));
        one.addCalibrationPoint(1, 1, 1);
        one.add(2, 2, 2);
        assertNull(Calibration.split(one, 2));
        assertTrue(Calibration.calibrate(List.of(one)).isEmpty());
    }
}
