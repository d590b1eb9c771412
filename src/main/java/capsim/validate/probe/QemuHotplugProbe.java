package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.Program;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.host.QemuLauncher.Placement;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import capsim.validate.host.Qmp;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * qemu-hotplug: over QMP, the time of device_add of one more virtio-blk-ccw disk (after its
 * null-co blockdev-add) over the number of disks present. qemu-reset: the time of system_reset
 * over the number of disks present. Both grow one paused s390x QEMU disk by disk; CCW needs no
 * free slot, while q35's root bus cannot hotplug at all (each disk would need a root port).
 */
final class QemuHotplugProbe implements Probe {
    private static final Info HOTPLUG = new Info("qemu-hotplug",
            "device_add time of one more disk over the number of disks present (QMP)", Needs.QEMU, 128, 4096);
    private static final Info RESET = new Info("qemu-reset",
            "system_reset time over the number of disks present (QMP)", Needs.QEMU, 128, 4096);

    private final boolean reset;

    QemuHotplugProbe(boolean reset) {
        this.reset = reset;
    }

    public Info info() {
        return reset ? RESET : HOTPLUG;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        if (!ctx.targets().contains(QemuTarget.S390X)) {
            return ProbeResult.skipped(name(), "needs " + Program.QEMU_S390X.command() + " (Debian package "
                    + Program.QEMU_S390X.debianPackage() + "): CCW hotplug needs no free PCI slot");
        }
        ProbeResult r = new ProbeResult(name());
        int n = ctx.n(this);
        String group = "s390x-null-co";
        Series series = reset
                ? r.series(new Series(name(), group, "resetMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                        new Series.Calibrates("extra.resetBaseMs", "stack.qemu.drainPollMs")))
                : r.series(new Series(name(), group, "deviceAddMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                        new Series.Calibrates("extra.hotplugDeviceAddMs", "extra.hotplugPerPresentDiskMs")));
        if (!reset) {
            series.note("predicted: stack.qemu.deviceRealizeMs + the model's drain of the one reset a hotplugged device gets "
                    + "(the simulator has no hotplug step yet)");
        } else {
            series.note("predicted: the model's drain of one reset of every disk (a start whose only cost is its resets) "
                    + "+ resetBaseMs from models/validate/costs.json (the simulator has no reset step yet)");
        }
        int[] resetAt = ProbeContext.points(0, n, ctx.settings().points());
        int nextReset = 0;
        // one point per bin of consecutive adds, its median: a single add is at the mercy of the scheduler
        int bin = Math.max(1, (n + ctx.settings().points() - 1) / ctx.settings().points());
        List<Double> binTimes = new ArrayList<>();
        int binStart = 0;
        var spec = new QemuLauncher.Spec(QemuTarget.S390X, 0, Backend.NULL_CO, Placement.AUTO, 0, QemuLauncher.GUEST_MEMORY_MIB);
        var started = ctx.qemu().start(spec);
        if (started instanceof QemuLauncher.Failed f) throw new IllegalStateException("QEMU did not start: " + f.reason());
        try (var q = ((QemuLauncher.Started) started).instance()) {
            Qmp qmp = q.qmp();
            double realizeMs = ctx.model(QemuTarget.S390X).stack().qemu().deviceRealizeMs();
            var costs = ctx.costs();
            for (int i = 0; i <= n; i++) {
                if (reset && nextReset < resetAt.length && resetAt[nextReset] == i) {
                    List<Double> times = new ArrayList<>();
                    for (int rep = 0; rep < Math.max(3, ctx.settings().repeat()); rep++) {
                        long t0 = System.nanoTime();
                        qmp.execute("system_reset");
                        times.add((System.nanoTime() - t0) / 1e6);
                    }
                    double m = ProbeContext.fastest(times);
                    series.add(i, m, costs.resetBaseMs() + ctx.model(QemuTarget.S390X).resetMs(i));
                    ctx.progress(name(), String.format(Locale.ROOT, "%d disks: system_reset %.3f ms", i, m));
                    nextReset++;
                }
                if (i == n || (reset && nextReset >= resetAt.length)) break;
                JsonObject node = new JsonObject();
                node.addProperty("driver", "null-co");
                node.addProperty("node-name", "h" + i);
                qmp.execute("blockdev-add", node);
                JsonObject dev = new JsonObject();
                dev.addProperty("driver", QemuTarget.S390X.diskDevice());
                dev.addProperty("id", "h" + i);
                dev.addProperty("drive", "h" + i);
                long t0 = System.nanoTime();
                qmp.execute("device_add", dev);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!reset) {
                    binTimes.add(ms);
                    if (binTimes.size() == bin || i == n - 1) {
                        double x = (binStart + i) / 2.0;
                        double m = ProbeContext.median(binTimes);
                        series.add(x, m, realizeMs + ctx.model(QemuTarget.S390X).resetMs((int) Math.round(x) + 1) / (Math.round(x) + 1));
                        ctx.progress(name(), String.format(Locale.ROOT, "%d-%d disks present: device_add %.3f ms (median of %d)",
                                binStart, i, m, binTimes.size()));
                        binTimes.clear();
                        binStart = i + 1;
                    }
                }
            }
        }
        return r;
    }
}
