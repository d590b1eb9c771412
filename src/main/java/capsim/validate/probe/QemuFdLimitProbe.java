package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.Program;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.host.QemuLauncher.Placement;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import java.util.List;
import java.util.Locale;

/**
 * qemu-fd-limit: QEMU with file-backed disks under {@code prlimit --nofile=L:L}: the largest disk
 * count that starts (QMP answers), found by bisection, against the largest count the model lets
 * start under qemu.conf max_files = L.
 */
final class QemuFdLimitProbe implements Probe {
    private static final int LOWEST_LIMIT = 32;
    /** At the edge QEMU may start but cannot accept the QMP connection (EMFILE): that counts as not started. */
    private static final java.time.Duration EDGE_TIMEOUT = java.time.Duration.ofSeconds(3);

    private static final Info INFO = new Info("qemu-fd-limit",
            "largest file-backed disk count that starts under RLIMIT_NOFILE = L, over L", Needs.QEMU, 256, 4096, Program.PRLIMIT);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        QemuTarget t = ctx.firstTarget(QemuTarget.S390X, QemuTarget.X86_64);
        ProbeResult r = new ProbeResult(name());
        String group = t.label() + "-file";
        Series s = r.series(new Series(name(), group, "maxDisks", "disks", "RLIMIT_NOFILE", Tolerance.EXACT, null));
        int top = Math.max(LOWEST_LIMIT, ctx.n(this));
        if (t == QemuTarget.X86_64) top = Math.min(top, QemuLauncher.X86_MULTIFUNCTION_MAX);
        int[] limits = ProbeContext.points(LOWEST_LIMIT, top, Math.min(4, ctx.settings().points()));
        for (int limit : limits) {
            int predicted = ctx.model(t).maxDisksUnder(limit, limit);
            int lo = -1; // largest count seen to start
            int hi = limit + 1; // smallest count seen to fail (more disks than fds cannot start)
            String refusal = "";
            boolean first = true;
            while (hi - lo > 1) {
                // start where the model expects the edge: two or three starts settle it when the model is right
                int mid = first ? Math.min(Math.max(0, predicted), limit) : (lo + hi) >>> 1;
                first = false;
                var st = ctx.qemu().start(new QemuLauncher.Spec(t, mid, Backend.FILE,
                        t == QemuTarget.X86_64 ? Placement.MULTIFUNCTION : Placement.AUTO, limit, QemuLauncher.GUEST_MEMORY_MIB),
                        EDGE_TIMEOUT);
                if (st instanceof QemuLauncher.Started ok) {
                    ok.instance().close();
                    lo = mid;
                } else {
                    hi = mid;
                    refusal = ((QemuLauncher.Failed) st).reason();
                    if (mid == 0) break;
                }
            }
            s.add(limit, lo, predicted);
            r.note(String.format(Locale.ROOT, "L=%d: %d disks start, %d do not: %s", limit, lo, hi, refusal));
            ctx.progress(name(), String.format(Locale.ROOT, "L=%d: measured %d disks, model %d (%d fails: %s)",
                    limit, lo, predicted, hi, refusal));
        }
        return r;
    }
}
