package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.GuestImage;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.LibvirtdSandbox;
import capsim.validate.host.QemuLauncher.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * concurrent-starts: k booted guests started at once, k = 1..n, through plain QEMU and through a
 * private libvirtd: the time until each start returns (QMP answers; virsh create returns) and
 * until the guest has booted (its ready line), the slowest of the k. The model has no host CPU
 * yet, so it predicts the same times for every k: the error is reported, not judged, until the
 * host-CPU issue adds contention.
 */
final class ConcurrentStartsProbe extends GuestProbe {
    private static final Info INFO = new Info("concurrent-starts",
            "k booted guests started at once through QEMU and through libvirt: start and boot time of the slowest, over k",
            Needs.QEMU, 8, 16);
    private static final java.util.regex.Pattern READY = java.util.regex.Pattern.compile("capsim: ready nics=\\d+ disks=\\d+");

    public Info info() {
        return INFO;
    }

    void measure(ProbeContext ctx, capsim.validate.host.BootedGuests guests, ProbeResult r) throws Exception {
        r.note("not judged: the model has no host CPU yet, so its start and boot times do not grow with k (the next issue adds CPU contention)");
        int n = ctx.n(this);
        int[] ks = ProbeContext.points(1, n, Math.min(4, ctx.settings().points()));
        String accel = guests.accel().option();
        var filed = ctx.model(capsim.validate.host.QemuTarget.X86_64).stackAsFiled();
        double bootS = filed.qemu().guestBootS();
        Series qStart = r.series(new Series(name(), "qemu-" + accel, "slowestStartMs", "ms", "guests at once", Tolerance.REPORTED, null));
        Series qBoot = r.series(new Series(name(), "qemu-" + accel, "slowestBootMs", "ms", "guests at once", Tolerance.REPORTED, null));
        for (int k : ks) {
            double predictedStart = ctx.model(capsim.validate.host.QemuTarget.X86_64).manyQemu(k).startMaxMs();
            List<GuestLauncher.Boot> boots = parallel(k, i -> guests.boot(0, 1, 0, Backend.NULL_CO, 0));
            double start = 0;
            double boot = 0;
            try {
                for (GuestLauncher.Boot b : boots) {
                    if (!(b instanceof GuestLauncher.Booted ok)) throw new IllegalStateException("k=" + k + ": a guest did not come up: " + b);
                    start = Math.max(start, ok.guest().startMs());
                    boot = Math.max(boot, ok.guest().bootMs());
                }
            } finally {
                for (GuestLauncher.Boot b : boots) if (b instanceof GuestLauncher.Booted ok) ok.guest().close();
            }
            qStart.add(k, start, predictedStart);
            qBoot.add(k, boot, bootS * 1000);
            ctx.progress(name(), String.format(Locale.ROOT, "QEMU, %d at once: slowest start %.0f ms (model %.0f), slowest boot %.0f ms (model %.0f)",
                    k, start, predictedStart, boot, bootS * 1000));
        }
        String why = LibvirtdSandbox.whyNot();
        if (why != null) {
            r.note("through libvirt not measured: " + why);
            return;
        }
        // the domains are TCG (type='qemu') whatever the QEMU path above used
        Series lStart = r.series(new Series(name(), "libvirt-tcg", "slowestCreateMs", "ms", "guests at once", Tolerance.REPORTED, null));
        Series lBoot = r.series(new Series(name(), "libvirt-tcg", "slowestBootedMs", "ms", "guests at once", Tolerance.REPORTED, null));
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
                long t0 = System.nanoTime();
                List<Double> created = parallel(k, i -> {
                    var res = lv.createBooted(first + i, image);
                    if (!res.ok()) throw new IllegalStateException("virsh create: " + res.output());
                    return (System.nanoTime() - t0) / 1e6;
                });
                double booted = 0;
                for (int i = 0; i < k; i++) booted = Math.max(booted, awaitReady(lv.serialLog(first + i), 300_000) - t0 / 1e6);
                for (int i = 0; i < k; i++) lv.virsh("destroy", lv.domainName(first + i));
                double create = created.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                // virsh create: the define and start RPCs, libvirt's preparation, QEMU's start
                double predicted = ctx.model(capsim.validate.host.QemuTarget.X86_64).manyQemu(k).startMaxMs()
                        + filed.libvirt().defineMs() + filed.libvirt().startPrepareMs();
                lStart.add(k, create, predicted);
                lBoot.add(k, booted, predicted + bootS * 1000);
                ctx.progress(name(), String.format(Locale.ROOT, "libvirt, %d at once: slowest virsh create %.0f ms (model %.0f), all booted after %.0f ms (model %.0f)",
                        k, create, predicted, booted, predicted + bootS * 1000));
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

    interface Task<T> {
        T run(int i) throws Exception;
    }

    /**
     * Runs k tasks at once and returns their results in order. If one fails, every other is waited
     * for and each guest already booted is closed before the failure is thrown: none keeps running.
     */
    private static <T> List<T> parallel(int k, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int index = i;
                fs.add(pool.submit(() -> task.run(index)));
            }
            List<T> out = new ArrayList<>();
            Exception failed = null;
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failed == null) failed = e.getCause() instanceof Exception x ? x : e;
                }
            }
            if (failed != null) {
                for (T t : out) if (t instanceof GuestLauncher.Booted b) b.guest().close();
                throw failed;
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
