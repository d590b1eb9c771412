package capsim.validate.probe;

import capsim.hostdetect.ProcSample;
import capsim.validate.predict.ModelPredictor;
import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.host.QemuLauncher.Placement;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * many-qemu: K small paused QEMU processes started at once: their fds, threads and RSS summed,
 * and the mean and largest start latency, over K, against K simulated guests started at once.
 */
final class ManyQemuProbe implements Probe {
    private static final Info INFO = new Info("many-qemu",
            "K paused QEMUs started at once: total fds, threads, RSS and start latency over K", Needs.QEMU, 16, 64);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        QemuTarget t = ctx.firstTarget(QemuTarget.S390X, QemuTarget.X86_64);
        ProbeResult r = new ProbeResult(name());
        int kMax = Math.max(1, Math.min(ctx.settings().maxQemu(), ceiling()));
        String g = t.label();
        Series fds = r.series(new Series(name(), g, "fds", "fds (all QEMUs)", "QEMUs", Tolerance.EXACT, null));
        Series threads = r.series(new Series(name(), g, "threads", "threads (all QEMUs)", "QEMUs", Tolerance.EXACT, null));
        Series rss = r.series(new Series(name(), g, "rssMiB", "MiB (all QEMUs)", "QEMUs", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("extra.manyQemuRssBaseMiB", "extra.manyQemuRssPerQemuMiB")));
        Series mean = r.series(new Series(name(), g, "startMeanMs", "ms", "QEMUs", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("extra.manyQemuStartBaseMs", "extra.manyQemuStartPerQemuMs")));
        Series max = r.series(new Series(name(), g, "startMaxMs", "ms", "QEMUs", Tolerance.TIME_AND_MEMORY, null));
        var spec = new QemuLauncher.Spec(t, 0, Backend.NULL_CO, Placement.AUTO, 0, QemuLauncher.GUEST_MEMORY_MIB);
        var warm = ctx.qemu().start(spec);
        if (warm instanceof QemuLauncher.Started s) s.instance().close();
        ExecutorService pool = Executors.newFixedThreadPool(kMax);
        try {
            for (int k : ProbeContext.points(1, kMax, ctx.settings().points())) {
                List<Future<QemuLauncher.Start>> fs = new ArrayList<>();
                for (int i = 0; i < k; i++) fs.add(pool.submit(() -> ctx.qemu().start(spec)));
                List<QemuLauncher.QemuInstance> running = new ArrayList<>();
                String failed = null;
                for (Future<QemuLauncher.Start> f : fs) {
                    QemuLauncher.Start st = f.get();
                    if (st instanceof QemuLauncher.Started ok) running.add(ok.instance());
                    else failed = ((QemuLauncher.Failed) st).reason();
                }
                try {
                    if (failed != null) {
                        r.note(k + " QEMUs at once: " + (k - running.size()) + " did not start: " + failed);
                        break;
                    }
                    ProcSample sum = new ProcSample(0, 0, 0);
                    double total = 0;
                    double worst = 0;
                    for (var q : running) {
                        sum = sum.plus(q.sample());
                        total += q.startMs();
                        worst = Math.max(worst, q.startMs());
                    }
                    ModelPredictor.Prediction p = ctx.model(t).manyQemu(k);
                    fds.add(k, sum.fds(), p.fds());
                    threads.add(k, sum.threads(), p.threads());
                    rss.add(k, sum.rssMiB(), p.memoryMiB());
                    mean.add(k, total / k, p.startMeanMs());
                    max.add(k, worst, p.startMaxMs());
                    ctx.progress(name(), String.format(Locale.ROOT, "K=%d: %d fds, %d threads, %.0f MiB, start mean %.1f ms, max %.1f ms",
                            k, sum.fds(), sum.threads(), sum.rssMiB(), total / k, worst));
                } finally {
                    for (var q : running) q.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        r.note("this host has " + Runtime.getRuntime().availableProcessors() + " CPUs for the JVM; the model has no CPU contention for QEMU starts");
        return r;
    }
}
