package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.BootedGuests;
import capsim.validate.host.CpuTimes;
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
import java.util.List;
import java.util.Locale;

/**
 * concurrent-starts: k booted guests started at once, through plain QEMU and through a private
 * libvirtd: the time until each start returns (QMP answers; virsh create returns) and until the
 * guest has booted (its ready line), the slowest of the k. k = 1 and 2 are calibration points
 * (the host CPU model's costs may be fitted on them); k = 4, 8, 16 (up to N) are held out and
 * judged against {@link ModelPredictor#concurrentBoots} within {@link Tolerance#CONTENTION}.
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

    void measure(ProbeContext ctx, BootedGuests guests, ProbeResult r) throws Exception {
        int n = ctx.n(this);
        int[] ks = points(n, CALIBRATION, HELD_OUT);
        r.note("k = 1, 2 are calibration points (the CPU model's costs may be fitted on them, not judged); the others are held out and judged: "
                + Tolerance.CONTENTION.describe() + " on them");
        r.note("each point carries backgroundBusy: the machine's busy fraction (/proc/stat, all CPUs) over the " + BACKGROUND_WINDOW.toSeconds()
                + " s before it, and busyDuring: the same while the k guests started and booted");
        String accel = guests.accel().option();
        ModelPredictor model = ctx.model(QemuTarget.X86_64);
        Series qStart = r.series(new Series(name(), "qemu-" + accel, "slowestStartMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        Series qBoot = r.series(new Series(name(), "qemu-" + accel, "slowestBootMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        for (int k : ks) {
            ModelPredictor.ConcurrentBoots predicted = model.concurrentBoots(k);
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
            add(qStart, k, start, predicted.slowestStartMs(), CALIBRATION);
            qStart.context("backgroundBusy", background).context("busyDuring", busy);
            add(qBoot, k, boot, predicted.slowestBootMs(), CALIBRATION);
            qBoot.context("backgroundBusy", background).context("busyDuring", busy);
            ctx.progress(name(), String.format(Locale.ROOT, "QEMU, %d at once: slowest start %.0f ms (model %.0f), slowest boot %.0f ms (model %.0f); "
                    + "background %.0f %% busy before, %.0f %% during", k, start, predicted.slowestStartMs(), boot, predicted.slowestBootMs(),
                    background * 100, busy * 100));
        }
        String why = LibvirtdSandbox.whyNot();
        if (why != null) {
            r.note("through libvirt not measured: " + why);
            return;
        }
        var filed = model.stackAsFiled();
        // the domains are TCG (type='qemu') whatever the QEMU path above used
        Series lStart = r.series(new Series(name(), "libvirt-tcg", "slowestCreateMs", "ms", "guests at once", Tolerance.CONTENTION, null));
        Series lBoot = r.series(new Series(name(), "libvirt-tcg", "slowestBootedMs", "ms", "guests at once", Tolerance.CONTENTION, null));
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
                // virsh create: the define and start RPCs, libvirt's preparation, QEMU's start
                ModelPredictor.ConcurrentBoots cb = model.concurrentBoots(k);
                double predicted = cb.slowestStartMs() + filed.libvirt().defineMs() + filed.libvirt().startPrepareMs();
                add(lStart, k, create, predicted, CALIBRATION);
                lStart.context("backgroundBusy", background).context("busyDuring", busy);
                add(lBoot, k, booted, predicted + cb.slowestBootMs(), CALIBRATION);
                lBoot.context("backgroundBusy", background).context("busyDuring", busy);
                ctx.progress(name(), String.format(Locale.ROOT, "libvirt, %d at once: slowest virsh create %.0f ms (model %.0f), all booted after %.0f ms "
                        + "(model %.0f); background %.0f %% busy before, %.0f %% during", k, create, predicted, booted,
                        predicted + cb.slowestBootMs(), background * 100, busy * 100));
            }
        }
        r.note("no D-Bus system bus here: libvirt does not call systemd-machined's CreateMachine, so its share of a start is not measured");
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
