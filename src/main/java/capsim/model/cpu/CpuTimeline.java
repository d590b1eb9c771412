package capsim.model.cpu;

import capsim.kernel.Simulation;
import capsim.measure.Unit;
import capsim.resource.FairShareCpus;
import capsim.stat.Curve;
import java.util.Arrays;

/**
 * The host's CPU over time (CPUs used, asked for, and asked for but not served: the steal, in
 * CPUs) in at most {@link #MAX_BUCKETS} equal buckets: the time-average of
 * CPUs used, CPUs asked for and runnable threads in each. Buckets start 1 ms wide and double
 * (neighbours merged) whenever the run outgrows them, so memory stays fixed and any run length
 * gives a readable series; the same events give the same buckets.
 */
final class CpuTimeline implements FairShareCpus.Listener {
    static final int MAX_BUCKETS = 1024;

    private long widthNs = Simulation.NS_PER_MS;
    private final double[] used = new double[MAX_BUCKETS];     // CPU-ns per bucket
    private final double[] demand = new double[MAX_BUCKETS];
    private final double[] runnable = new double[MAX_BUCKETS]; // thread-ns
    private final double[] peakDemand = new double[MAX_BUCKETS];
    private long lastNs;
    private double usedNow;
    private double demandNow;
    private int runnableNow;
    private double maxUsed;
    private double maxDemand;
    private int maxRunnable;
    private long lastChangeNs = -1;

    @Override
    public void changed(long now, double usedCpus, double demandCpus, int runnableThreads) {
        accumulate(now);
        usedNow = usedCpus;
        demandNow = demandCpus;
        runnableNow = runnableThreads;
        maxUsed = Math.max(maxUsed, usedCpus);
        maxDemand = Math.max(maxDemand, demandCpus);
        maxRunnable = Math.max(maxRunnable, runnableThreads);
        lastChangeNs = now;
        int b = (int) (now / widthNs);
        if (b < MAX_BUCKETS) peakDemand[b] = Math.max(peakDemand[b], demandCpus);
    }

    /** Adds the values that held from the last change until {@code now}, bucket by bucket. */
    void accumulate(long now) {
        while (now >= widthNs * MAX_BUCKETS) widen();
        long t = lastNs;
        while (t < now) {
            int b = (int) (t / widthNs);
            long end = Math.min(now, (b + 1L) * widthNs);
            long dt = end - t;
            used[b] += usedNow * dt;
            demand[b] += demandNow * dt;
            runnable[b] += (double) runnableNow * dt;
            peakDemand[b] = Math.max(peakDemand[b], demandNow);
            t = end;
        }
        lastNs = Math.max(lastNs, now);
    }

    private void widen() {
        for (int i = 0; i < MAX_BUCKETS / 2; i++) {
            used[i] = used[2 * i] + used[2 * i + 1];
            demand[i] = demand[2 * i] + demand[2 * i + 1];
            runnable[i] = runnable[2 * i] + runnable[2 * i + 1];
            peakDemand[i] = Math.max(peakDemand[2 * i], peakDemand[2 * i + 1]);
        }
        Arrays.fill(used, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(demand, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(runnable, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        Arrays.fill(peakDemand, MAX_BUCKETS / 2, MAX_BUCKETS, 0);
        widthNs *= 2;
    }

    boolean used() {
        return lastChangeNs >= 0;
    }

    double maxUsed() {
        return maxUsed;
    }

    double maxDemand() {
        return maxDemand;
    }

    int maxRunnable() {
        return maxRunnable;
    }

    /** One row per bucket up to {@code endNs}: its start, and the averages over it. */
    Curve curve(long endNs, double capacity) {
        accumulate(endNs);
        Curve c = new Curve("cpu",
                Curve.Column.against("timeS", Unit.S),
                Curve.Column.value("usedCpus", Unit.CPUS),
                Curve.Column.value("demandCpus", Unit.CPUS),
                Curve.Column.value("unservedCpus", Unit.CPUS),
                Curve.Column.value("utilization", Unit.RATIO),
                Curve.Column.value("runnableThreads", Unit.THREADS),
                Curve.Column.value("peakDemandCpus", Unit.CPUS));
        int n = (int) Math.min(MAX_BUCKETS, (endNs + widthNs - 1) / widthNs);
        for (int b = 0; b < n; b++) {
            long start = b * widthNs;
            double span = Math.min(widthNs, endNs - start);
            if (span <= 0) break;
            double u = used[b] / span;
            double d = demand[b] / span;
            c.add(start / 1e9, u, d, Math.max(0, d - u), u / capacity, runnable[b] / span, peakDemand[b]);
        }
        return c;
    }
}
