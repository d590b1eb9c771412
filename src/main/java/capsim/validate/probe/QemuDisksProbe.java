package capsim.validate.probe;

import capsim.hostdetect.ProcSample;
import capsim.validate.predict.ModelPredictor;
import capsim.validate.calibration.CalibratedModels;
import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.host.QemuLauncher.Placement;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * qemu-disks: one paused QEMU with N virtio-blk disks (null-co, and raw image files), per target
 * (s390x virtio-blk-ccw; x86_64 q35 virtio-blk-pci, 8 functions per slot): start time, RSS, fds
 * and threads over N, against one simulated guest with N disks.
 */
final class QemuDisksProbe implements Probe {
    private static final Info INFO = new Info("qemu-disks", "one paused QEMU with N disks: start time, RSS, fds, threads over N",
            Needs.QEMU, 256, 4096);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        ProbeResult r = new ProbeResult(name());
        int n = ctx.n(this);
        for (QemuTarget t : ctx.targets()) {
            int max = n;
            if (t == QemuTarget.X86_64 && max > QemuLauncher.X86_MULTIFUNCTION_MAX) {
                max = QemuLauncher.X86_MULTIFUNCTION_MAX;
                r.note("x86_64: at most " + max + " disks (30 root-bus slots x 8 functions; more need PCI bridges)");
            }
            int[] xs = ProbeContext.points(0, max, ctx.settings().points());
            // the first exec of a binary reads it from disk: not part of any point
            var warm = ctx.qemu().start(spec(t, 0, Backend.NULL_CO));
            if (warm instanceof QemuLauncher.Started s) s.instance().close();
            for (Backend b : Backend.values()) {
                String group = t.label() + "-" + b.label();
                boolean file = b == Backend.FILE;
                Series start = r.series(new Series(name(), group, "startMs", "ms", "disks", Tolerance.TIME_AND_MEMORY,
                        file ? new Series.Calibrates("stack.qemu.processStartMs", CalibratedModels.START_PER_DISK)
                                : new Series.Calibrates("extra.nullco.processStartMs", "extra.nullco.deviceRealizeMs")));
                Series rss = r.series(new Series(name(), group, "rssMiB", "MiB", "disks", Tolerance.TIME_AND_MEMORY,
                        file ? new Series.Calibrates("stack.qemu.overheadMiB", "stack.qemu.overheadMiBPerDevice")
                                : new Series.Calibrates("extra.nullco.overheadMiB", "extra.nullco.rssPerDiskMiB")));
                Series fds = r.series(new Series(name(), group, "fds", "fds", "disks", Tolerance.EXACT, null));
                Series threads = r.series(new Series(name(), group, "threads", "threads", "disks", Tolerance.EXACT, null));
                int starts = 0;
                int raced = 0;
                for (int x : xs) {
                    ModelPredictor.Prediction p = ctx.model(t).oneQemu(x, file);
                    List<Double> st = new ArrayList<>();
                    List<Double> rs = new ArrayList<>();
                    List<Double> fd = new ArrayList<>();
                    List<Double> th = new ArrayList<>();
                    String failed = null;
                    for (int rep = 0; rep < ctx.settings().repeat() && failed == null; rep++) {
                        var st0 = ctx.qemu().start(spec(t, x, b));
                        if (st0 instanceof QemuLauncher.Failed f) {
                            failed = f.reason();
                            break;
                        }
                        try (var q = ((QemuLauncher.Started) st0).instance()) {
                            ProcSample s = q.sample();
                            st.add(q.startMs());
                            rs.add(s.rssMiB());
                            fd.add((double) s.fds());
                            th.add((double) s.threads());
                        }
                    }
                    if (failed != null) {
                        r.note(group + ": QEMU did not start with " + x + " disks: " + failed);
                        break;
                    }
                    start.add(x, ProbeContext.fastest(st), p.startMeanMs());
                    rss.add(x, ProbeContext.median(rs), p.memoryMiB());
                    fds.add(x, ProbeContext.median(fd), p.fds());
                    // a race in QEMU's thread pool may add a worker, never take one away
                    double fewest = ProbeContext.fewest(th);
                    threads.add(x, fewest, p.threads());
                    starts += th.size();
                    raced += (int) th.stream().filter(v -> v > fewest).count();
                    ctx.progress(name(), String.format(java.util.Locale.ROOT, "%s %d disks: start %.1f ms, RSS %.1f MiB, %d fds, %d threads",
                            group, x, ProbeContext.fastest(st), ProbeContext.median(rs), (long) ProbeContext.median(fd), (long) fewest));
                }
                if (raced > 0) {
                    r.note(String.format(java.util.Locale.ROOT, "%s: %d of %d starts had more threads than the fewest at their disk count"
                            + " (an extra thread-pool worker: the previous one had not yet counted itself idle)", group, raced, starts));
                }
            }
        }
        return r;
    }

    private static QemuLauncher.Spec spec(QemuTarget t, int disks, Backend b) {
        return new QemuLauncher.Spec(t, disks, b, t == QemuTarget.X86_64 ? Placement.MULTIFUNCTION : Placement.AUTO, 0,
                QemuLauncher.GUEST_MEMORY_MIB);
    }
}
