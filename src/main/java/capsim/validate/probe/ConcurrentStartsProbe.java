package capsim.validate.probe;

import capsim.hostdetect.CpuTimes;
import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.BootedGuests;

import capsim.validate.host.GuestImage;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.LibvirtdSandbox;
import capsim.validate.host.QemuTarget;
import capsim.validate.predict.ModelPredictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * concurrent-starts: k booted guests started at once, through plain QEMU and through a private
 * libvirtd: the time until each start returns (QMP answers; virsh create returns) and until the
 * guest has booted (its ready line), the slowest of the k. k = 1 and 2 are calibration points
 * (the host CPU model's costs may be fitted on them); k = 4, 8, 16 (up to N) are held out and
 * judged against {@link ModelPredictor#bootsAtOnce} (the host-CPU model, with the costs fitted on k = 1, 2) within {@link Tolerance#CONTENTION}.
 * Before each point the machine's busy fraction over 2 s (/proc/stat) is recorded with it: the
 * background load the guests compete with.
 */
final class ConcurrentStartsProbe extends GuestProbe {
    private static final Info INFO = new Info("concurrent-starts",
            "k booted guests started at once through QEMU and through libvirt: start and boot time of the slowest, over k (1, 2 calibrate; 4, 8, 16 judged)",
            Needs.QEMU, 16, 16);
    private static final java.util.regex.Pattern READY = java.util.regex.Pattern.compile("capsim: ready nics=\\d+ disks=\\d+");
    /** How long the machine's background load is sampled before each point. */
    static final Duration BACKGROUND_WINDOW = Duration.ofSeconds(2);
    /** The points a model may be fitted on. */
    static final int[] CALIBRATION = {1, 2};
    /** The points held out and judged (those up to N). */
    static final int[] HELD_OUT = {4, 8, 16};

    public Info info() {
        return INFO;
    }

    /** k = 1, 2 and the held-out points up to {@code n}, and n itself when it is none of them. */
    static int[] points(int n, int[] calibration, int[] heldOut) {
        List<Integer> out = new ArrayList<>();
        for (int k : calibration) if (k <= n) out.add(k);
        for (int k : heldOut) if (k <= n && !out.contains(k)) out.add(k);
        if (!out.contains(n)) out.add(n);
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static boolean isCalibration(int k, int[] calibration) {
        for (int c : calibration) if (c == k) return true;
        return false;
    }

    /** A point of a series: a calibration point for k = 1, 2, held out otherwise. */
    static void add(Series s, int k, double measured, double predicted, int[] calibration) {
        if (isCalibration(k, calibration)) s.addCalibrationPoint(k, measured, predicted);
        else s.add(k, measured, predicted);
    }

    /** Boots waiting this long for each guest's ready line: k guests on a few cores take about k / cores boots. */
    static Duration bootTimeout(int k) {
        return Duration.ofSeconds(Math.max(120, 20L * k));
    }

    /** One point as measured: k, the slowest start (or create) and boot, the machine's busy fraction before and during. */
    record Point(int k, double startMs, double bootMs, double background, double busy) {
    }

    void measure(ProbeContext ctx, BootedGuests guests, ProbeResult r) throws Exception {
        int n = ctx.n(this);
        int[] ks = points(n, CALIBRATION, HELD_OUT);
        r.note("k = 1, 2 are calibration points: the CPU work of a QEMU start, of a boot and of libvirt's preparation are fitted on them "
                + "(least squares through the model's runs), then every point is predicted by the host-CPU model with the fitted costs and the "
                + "machine's background load before it; the others are held out and judged: " + Tolerance.CONTENTION.describe());
        r.note("each point carries backgroundBusy: the machine's busy fraction (/proc/stat, all CPUs) over the " + BACKGROUND_WINDOW.toSeconds()
                + " s before it, and busyDuring: the same while the k guests started and booted");
        r.note("predicted with host.cpu.sharing flat: the probe's QEMUs and private libvirtd are in one cgroup, so every thread weighs the same");
        String accel = guests.accel().option();
        ModelPredictor model = ctx.model(QemuTarget.X86_64);
        int cpus = model.hostCpus();
        List<Point> plain = new ArrayList<>();
        for (int k : ks) {
            double background = CpuTimes.busyOver(BACKGROUND_WINDOW);
            CpuTimes before = CpuTimes.read();
            List<BootedGuest> booted = Parallel.booted(Parallel.run(k, i -> guests.bootPlain(bootTimeout(k))), "k=" + k);
            double busy = CpuTimes.read().busySince(before);
            double start = 0;
            double boot = 0;
            try {
                for (BootedGuest g : booted) {
                    start = Math.max(start, g.startMs());
                    boot = Math.max(boot, g.bootMs());
                }
            } finally {
                booted.forEach(BootedGuest::close);
            }
            plain.add(new Point(k, start, boot, background, busy));
            ctx.progress(name(), String.format(Locale.ROOT, "QEMU, %d at once: slowest start %.0f ms, slowest boot %.0f ms; background %.0f %% busy before, %.0f %% during",
                    k, start, boot, background * 100, busy * 100));
        }
        // the costs the calibration points give: each prediction is (nearly) proportional to its cost
        Map<String, Double> costs = new LinkedHashMap<>();
        double startCost = fit(plain, p -> p.startMs, p -> model.bootsAtOnce(p.k, false, p.background * cpus,
                Map.of("stack.qemu.processStartMs", 1000.0)).slowestStartMs() / 1000);
        costs.put("stack.qemu.processStartMs", startCost);
        double bootCost = fit(plain, p -> p.bootMs, p -> model.bootsAtOnce(p.k, false, p.background * cpus,
                Map.of("stack.qemu.processStartMs", startCost, "stack.qemu.guestBootS", 1.0)).slowestBootMs());
        // fitted as a multiple of a 1 s boot: the boot's CPU work in seconds
        costs.put("stack.qemu.guestBootS", bootCost);
        r.note(String.format(Locale.ROOT, "fitted on k = 1, 2: a QEMU start %.1f ms of CPU (the stack says %.1f), a boot %.2f s of CPU (the stack says %.2f)",
                startCost, model.stackAsFiled().qemu().processStartMs(), bootCost, model.stackAsFiled().qemu().guestBootS()));
        Series qStart = r.series(new Series(name(), "qemu-" + accel, "slowestStartMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        Series qBoot = r.series(new Series(name(), "qemu-" + accel, "slowestBootMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        for (Point p : plain) {
            ModelPredictor.BootsPrediction predicted = model.bootsAtOnce(p.k, false, p.background * cpus, costs);
            record(qStart, qBoot, p, predicted.slowestStartMs(), predicted.slowestBootMs());
            ctx.progress(name(), String.format(Locale.ROOT, "QEMU, %d at once: slowest start %.0f ms (model %.0f), slowest boot %.0f ms (model %.0f)",
                    p.k, p.startMs, predicted.slowestStartMs(), p.bootMs, predicted.slowestBootMs()));
        }
        String why = LibvirtdSandbox.whyNot();
        if (why != null) {
            r.note("through libvirt not measured: " + why);
            return;
        }
        List<Point> lib = new ArrayList<>();
        GuestImage.Built image = guests.launcher().image();
        try (LibvirtdSandbox lv = LibvirtdSandbox.start(ctx.cleanup(), 0)) {
            int next = 0;
            // the first create probes QEMU's capabilities (seconds): once, before anything is timed
            var warm = lv.createBooted(next, image);
            if (!warm.ok()) throw new IllegalStateException("virsh create: " + warm.output());
            awaitReady(lv.serialLog(next), 180_000);
            lv.virsh("destroy", lv.domainName(next));
            next++;
            for (int k : ks) {
                int first = next;
                next += k;
                double background = CpuTimes.busyOver(BACKGROUND_WINDOW);
                CpuTimes before = CpuTimes.read();
                long t0 = System.nanoTime();
                List<Double> created;
                double booted = 0;
                try {
                    created = Parallel.run(k, i -> {
                        var res = lv.createBooted(first + i, image);
                        if (!res.ok()) throw new IllegalStateException("virsh create: " + res.output());
                        return (System.nanoTime() - t0) / 1e6;
                    });
                    for (int i = 0; i < k; i++) {
                        booted = Math.max(booted, awaitReady(lv.serialLog(first + i), bootTimeout(k).toMillis() + 60_000) - t0 / 1e6);
                    }
                } finally {
                    for (int i = 0; i < k; i++) lv.virsh("destroy", lv.domainName(first + i));
                }
                double busy = CpuTimes.read().busySince(before);
                double create = created.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                lib.add(new Point(k, create, booted, background, busy));
                ctx.progress(name(), String.format(Locale.ROOT, "libvirt, %d at once: slowest virsh create %.0f ms, all booted after %.0f ms; "
                        + "background %.0f %% busy before, %.0f %% during", k, create, booted, background * 100, busy * 100));
            }
        }
        // virsh create: the define and start RPCs and libvirt's preparation (one fitted cost: the define RPC is not told apart), QEMU's start
        Map<String, Double> libCosts = new LinkedHashMap<>(costs);
        libCosts.put("stack.libvirt.defineMs", 0.0);
        java.util.function.ToDoubleBiFunction<Point, Double> create = (p, prepare) -> {
            Map<String, Double> c = new LinkedHashMap<>(libCosts);
            c.put("stack.libvirt.startPrepareMs", prepare);
            return model.bootsAtOnce(p.k, true, p.background * cpus, c).slowestStartMs();
        };
        // each create's prediction at no preparation and at 1 s of it: a model run each, once per calibration point
        Map<Point, double[]> at = new java.util.HashMap<>();
        for (Point p : lib) if (isCalibration(p.k, CALIBRATION)) at.put(p, new double[] {create.applyAsDouble(p, 0.0), create.applyAsDouble(p, 1000.0)});
        double prepare = fitAffine(lib, p -> p.startMs, p -> at.get(p)[0], p -> (at.get(p)[1] - at.get(p)[0]) / 1000);
        libCosts.put("stack.libvirt.startPrepareMs", prepare);
        r.note(String.format(Locale.ROOT, "fitted on k = 1, 2: libvirt's define and preparation of a create %.0f ms of CPU (the stack says %.0f + %.0f)",
                prepare, model.stackAsFiled().libvirt().defineMs(), model.stackAsFiled().libvirt().startPrepareMs()));
        // the domains are TCG (type='qemu') whatever the QEMU path above used
        Series lStart = r.series(new Series(name(), "libvirt-tcg", "slowestCreateMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        Series lBoot = r.series(new Series(name(), "libvirt-tcg", "slowestBootedMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        for (Point p : lib) {
            ModelPredictor.BootsPrediction predicted = model.bootsAtOnce(p.k, true, p.background * cpus, libCosts);
            record(lStart, lBoot, p, predicted.slowestStartMs(), predicted.allBootedMs());
            ctx.progress(name(), String.format(Locale.ROOT, "libvirt, %d at once: slowest virsh create %.0f ms (model %.0f), all booted after %.0f ms (model %.0f)",
                    p.k, p.startMs, predicted.slowestStartMs(), p.bootMs, predicted.allBootedMs()));
        }
        r.note("no D-Bus system bus here: libvirt does not call systemd-machined's CreateMachine, so its share of a start is not measured");
    }

    /** One point of a start series and a boot series, each with the machine's load before and during it. */
    private static void record(Series start, Series boot, Point p, double predictedStart, double predictedBoot) {
        add(start, p.k, p.startMs, predictedStart, CALIBRATION);
        start.context("backgroundBusy", p.background).context("busyDuring", p.busy);
        add(boot, p.k, p.bootMs, predictedBoot, CALIBRATION);
        boot.context("backgroundBusy", p.background).context("busyDuring", p.busy);
    }

    /** The cost c minimizing the squared error of c x unit(p) against measured(p) over the calibration points. */
    static double fit(List<Point> points, java.util.function.ToDoubleFunction<Point> measured, java.util.function.ToDoubleFunction<Point> unit) {
        return fitAffine(points, measured, p -> 0, unit);
    }

    /** The cost c minimizing the squared error of base(p) + c x slope(p) against measured(p) over the calibration points. */
    static double fitAffine(List<Point> points, java.util.function.ToDoubleFunction<Point> measured,
                            java.util.function.ToDoubleFunction<Point> base, java.util.function.ToDoubleFunction<Point> slope) {
        double num = 0, den = 0;
        for (Point p : points) {
            if (!isCalibration(p.k, CALIBRATION)) continue;
            double sl = slope.applyAsDouble(p);
            num += (measured.applyAsDouble(p) - base.applyAsDouble(p)) * sl;
            den += sl * sl;
        }
        if (den <= 0) throw new IllegalStateException("no calibration point (k = 1, 2) measured");
        return Math.max(0, num / den);
    }

    /** The time (System.nanoTime in ms) the console file shows the guest's ready line. */
    private static double awaitReady(Path console, long timeoutMs) throws Exception {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(console) && READY.matcher(Files.readString(console, StandardCharsets.ISO_8859_1)).find()) return System.nanoTime() / 1e6;
            Thread.sleep(50);
        }
        throw new IllegalStateException("no ready line in " + console + " within " + timeoutMs / 1000 + " s");
    }
}
