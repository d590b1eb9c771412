package capsim.validate.probe;

import capsim.hostdetect.CpuTimes;
import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.BootedGuests;

import capsim.validate.host.GuestCounter;
import capsim.validate.host.QemuTarget;
import capsim.validate.predict.ModelPredictor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * cpu-share: k guests of one vCPU each, all kept busy by a shell arithmetic loop in their /init
 * (busy mode of the guest image: a {@code capsim: count N} line after every
 * {@link #ITERATIONS} iterations), started at once. Once all k have booted, each guest's
 * progress per second of host time is measured over a steady window from its console (the count
 * lines and the host time each was first seen) and compared with one guest alone (k = 1): the
 * fraction of one CPU each busy vCPU gets, against {@link ModelPredictor#cpuShare}. The judged
 * figure divides by what one whole CPU gives, the lone guest's rate over its QEMU's CPUs
 * (so a k = 1 window slowed by other work on the host does not inflate every later share);
 * the plain ratio to the lone guest's rate is kept beside it ({@code ofAlone}). The share is
 * also read from the host's side: each QEMU's CPU time (/proc/PID/stat) over the window in
 * CPUs. k = 1, 2 are calibration points; the others are held out and judged within
 * {@link Tolerance#CONTENTION}. Every point carries the host's background load: the machine's
 * busy fraction over 2 s before it, and during the window the busy fraction less what the k
 * QEMUs took.
 */
final class CpuShareProbe extends GuestProbe {
    private static final Info INFO = new Info("cpu-share",
            "k busy 1-vCPU guests at once: each one's guest progress per host second as a fraction of one guest alone, over k (1, 2 calibrate; 3, 4, 6, 8 judged)",
            Needs.QEMU, 8, 16);
    /** Shell loop iterations per count line: about 27 lines a second for one guest under TCG on this machine kind. */
    static final int ITERATIONS = 2000;
    static final int[] CALIBRATION = {1, 2};
    static final int[] HELD_OUT = {3, 4, 6, 8};
    /** How often the consoles are read: a count's time is known to within this. */
    static final Duration POLL = Duration.ofMillis(50);

    private final Duration settle;
    private final Duration window;

    CpuShareProbe() {
        this(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /**
     * @param settle how long after the last guest has booted the window starts
     * @param window how long each guest's progress is measured
     */
    CpuShareProbe(Duration settle, Duration window) {
        this.settle = settle;
        this.window = window;
    }

    public Info info() {
        return INFO;
    }

    /** What one point measured: per guest, its count rate and its QEMU's CPUs; the machine around it. */
    record Point(int k, double[] rates, double[] qemuCpus, double backgroundBefore, double busyDuring, int cpus) {
        /** The machine's busy fraction during the window less what the k QEMUs took: the other work beside them. */
        double backgroundDuring() {
            double q = 0;
            for (double c : qemuCpus) q += c;
            return Math.max(0, busyDuring - q / cpus);
        }
    }

    void measure(ProbeContext ctx, BootedGuests guests, ProbeResult r) throws Exception {
        int n = ctx.n(this);
        int[] ks = ConcurrentStartsProbe.points(n, CALIBRATION, HELD_OUT);
        ModelPredictor model = ctx.model(QemuTarget.X86_64);
        String accel = guests.accel().option();
        r.note(String.format(Locale.ROOT, "each guest: 1 vCPU, /init in busy mode (a count line every %d shell-loop iterations); measured over %.1f s, "
                + "%.1f s after the last of the k has booted; k = 1, 2 are calibration points, the others held out and judged (%s)",
                ITERATIONS, window.toMillis() / 1000.0, settle.toMillis() / 1000.0, Tolerance.CONTENTION.describe()));
        r.note("each point carries backgroundBusy (the machine's busy fraction over the " + ConcurrentStartsProbe.BACKGROUND_WINDOW.toSeconds()
                + " s before it, /proc/stat) and backgroundDuring (busy during the window less the k QEMUs' CPU time), as fractions of all CPUs");
        Series share = r.series(new Series(name(), "qemu-" + accel, "shareOfOneCpu", "CPU", "busy guests", Tolerance.CONTENTION, null)
                .note("mean over the k guests of each one's count rate / the counts one CPU-second gives (the lone guest's rate / its QEMU's CPUs)"));
        Series hostSide = r.series(new Series(name(), "qemu-" + accel, "qemuCpus", "CPU", "busy guests", Tolerance.CONTENTION, null)
                .note("mean over the k QEMUs of each one's CPU time in the window / the window (/proc/PID/stat)"));
        double alone = Double.NaN;
        double perCpuSecond = Double.NaN;
        for (int k : ks) {
            Point p = point(guests, k);
            if (k == 1) {
                alone = p.rates()[0];
                perCpuSecond = p.rates()[0] / p.qemuCpus()[0];
            }
            // the host-CPU model's share with the machine's load before the point taken off the capacity (not the load during the
            // window: on a saturated machine that is what the QEMUs left, which would make the prediction the measurement)
            double predicted = model.cpuShareOf(k, 1, p.backgroundBefore() * model.hostCpus());
            double[] cpu = new double[k];
            double[] ofAlone = new double[k];
            for (int i = 0; i < k; i++) {
                cpu[i] = p.rates()[i] / perCpuSecond;
                ofAlone[i] = p.rates()[i] / alone;
            }
            double mean = mean(cpu);
            ConcurrentStartsProbe.add(share, k, mean, predicted, CALIBRATION);
            share.context("minGuest", min(cpu)).context("maxGuest", max(cpu)).context("ofAlone", mean(ofAlone))
                    .context("countsPerS", mean(p.rates())).context("countsPerCpuSecond", perCpuSecond)
                    .context("backgroundBusy", p.backgroundBefore()).context("backgroundDuring", p.backgroundDuring());
            ConcurrentStartsProbe.add(hostSide, k, mean(p.qemuCpus()), predicted, CALIBRATION);
            hostSide.context("minGuest", min(p.qemuCpus())).context("maxGuest", max(p.qemuCpus()))
                    .context("backgroundBusy", p.backgroundBefore()).context("backgroundDuring", p.backgroundDuring());
            ctx.progress(name(), String.format(Locale.ROOT, "%d busy at once: each guest %.3f CPU (%.3f..%.3f; %.3f of one alone; %.1f counts/s), "
                    + "each QEMU %.3f CPUs; model %.3f; background %.0f %% busy before, %.0f %% during",
                    k, mean, min(cpu), max(cpu), mean(ofAlone), mean(p.rates()), mean(p.qemuCpus()), predicted,
                    p.backgroundBefore() * 100, p.backgroundDuring() * 100));
        }
    }

    /** Boots k busy guests at once, waits until all are up and settled, and measures the window. */
    private Point point(BootedGuests guests, int k) throws Exception {
        double background = CpuTimes.busyOver(ConcurrentStartsProbe.BACKGROUND_WINDOW);
        List<BootedGuest> booted = Parallel.booted(Parallel.run(k, i -> guests.bootBusy(ITERATIONS, ConcurrentStartsProbe.bootTimeout(k))), "k=" + k);
        try {
            List<GuestCounter> counters = new ArrayList<>();
            for (BootedGuest g : booted) counters.add(new GuestCounter(g.console()));
            pollUntil(counters, booted, System.nanoTime() + settle.toNanos());
            CpuTimes a = CpuTimes.read();
            long[] ticks = new long[k];
            for (int i = 0; i < k; i++) ticks[i] = CpuTimes.processTicks(booted.get(i).pid());
            long t0 = System.nanoTime();
            poll(counters, t0);
            pollUntil(counters, booted, t0 + window.toNanos());
            long t1 = System.nanoTime();
            CpuTimes b = CpuTimes.read();
            double[] rates = new double[k];
            double[] cpus = new double[k];
            for (int i = 0; i < k; i++) {
                cpus[i] = b.cpusOf(CpuTimes.processTicks(booted.get(i).pid()) - ticks[i], a);
                rates[i] = counters.get(i).rate(t0, t1);
                if (Double.isNaN(rates[i])) {
                    throw new IllegalStateException("k=" + k + ": guest " + i + " printed fewer than two count lines in the window (console: "
                            + booted.get(i).consoleTail() + ")");
                }
            }
            return new Point(k, rates, cpus, background, b.busySince(a), b.cpus());
        } finally {
            booted.forEach(BootedGuest::close);
        }
    }

    private static void poll(List<GuestCounter> counters, long now) throws IOException {
        for (GuestCounter c : counters) c.poll(now);
    }

    private static void pollUntil(List<GuestCounter> counters, List<BootedGuest> booted, long endNanos) throws Exception {
        while (true) {
            long now = System.nanoTime();
            poll(counters, now);
            if (now >= endNanos) return;
            for (BootedGuest g : booted) if (!g.alive()) throw new IllegalStateException("a busy guest's QEMU exited: " + g.stderr());
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), (endNanos - now) / 1_000_000)));
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
