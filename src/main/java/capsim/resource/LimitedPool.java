package capsim.resource;

import capsim.measure.MetricSink;

/**
 * A count with a limit: an fd table, a sysctl-bounded kernel object, a port range, a bridge's
 * ports. An acquisition beyond the limit fails and leaves a {@link BreakingPoint} naming the
 * limit, the demand, the errno and the knob. Nothing waits: a real kernel returns an error.
 */
public final class LimitedPool {
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final LimitSpec spec;
    private final long limit;
    private final BreakingPointLog log;
    private final UsageSeries series;
    private long used;
    private long highWater;
    private long failures;
    private long deficit;        // units refused so far: what failed subjects would hold
    private long wouldNeed;      // peak of used + deficit
    private long demandBound = UNLIMITED;   // no run of the workload holds more (see boundDemand)

    public LimitedPool(LimitSpec spec, long limit, BreakingPointLog log) {
        this(spec, limit, log, false);
    }

    /** @param trackSeries keep the usage over time (for charts of usage against the limit) */
    public LimitedPool(LimitSpec spec, long limit, BreakingPointLog log, boolean trackSeries) {
        if (limit < 0) throw new IllegalArgumentException(spec.resource() + ": negative limit " + limit);
        this.spec = spec;
        this.limit = log != null && log.liftsLimits() ? UNLIMITED : limit;
        this.log = log;
        this.series = trackSeries ? new UsageSeries(this.limit == UNLIMITED ? 1 : Math.max(1, limit / 1000)) : null;
    }

    /**
     * Takes {@code n} units for {@code subject} at time {@code nowNs}, or records a breaking
     * point and takes nothing.
     */
    public boolean tryAcquire(long nowNs, String subject, long n) {
        if (!fits(n)) {
            fail(nowNs, subject, n);
            return false;
        }
        take(nowNs, n);
        return true;
    }

    /** True when {@code n} more units fit under the limit. */
    public boolean fits(long n) {
        return n <= limit - used;
    }

    /** Records the failure of a demand of {@code n} more units (used by multi-pool acquisitions). */
    public void fail(long nowNs, String subject, long n) {
        failTransient(nowNs, subject, n, n);
    }

    /**
     * Records the refusal of {@code n} units a subject would have held only for a while (a
     * start's transient fds), of which it would keep {@code lasting}: the breaking point's demand
     * is all {@code n}, but only {@code lasting} stay in what the pool would have needed afterwards.
     */
    public void failTransient(long nowNs, String subject, long n, long lasting) {
        failures++;
        wouldNeed = Math.max(wouldNeed, used + deficit + n);
        deficit += Math.min(lasting, n);
        wouldNeed = Math.max(wouldNeed, used + deficit);
        if (log != null) log.record(BreakingPoint.of(nowNs, subject, spec, limit, used + n));
    }

    /**
     * Counts {@code n} more units a refused subject would have asked for in later stages (a
     * process refused its first threads would later have started more): they raise
     * {@link #wouldNeed()} but are not a failure of their own.
     */
    public void addRefusedDemand(long n) {
        deficit += n;
        wouldNeed = Math.max(wouldNeed, used + deficit);
    }

    /** Takes {@code n} units without checking (after {@link #fits}). */
    public void take(long nowNs, long n) {
        used += n;
        if (used > highWater) highWater = used;
        if (used + deficit > wouldNeed) wouldNeed = used + deficit;
        if (series != null) series.record(nowNs, used);
    }

    public void release(long nowNs, long n) {
        if (n > used) throw new IllegalStateException(spec.resource() + ": release of " + n + " with " + used + " used");
        used -= n;
        if (series != null) series.record(nowNs, used);
    }

    /**
     * Gives back {@code n} units a subject held when this pool refused it more: the subject still
     * needs them for the workload to go through, so they stay in {@link #wouldNeed()} as refused
     * demand (a guest refused its third aio context needs the first two as well).
     */
    public void releaseRefused(long nowNs, long n) {
        release(nowNs, n);
        addRefusedDemand(n);
    }

    /**
     * Takes back {@code n} units of refused demand a subject counted that would no longer be held
     * (a refused guest that a later stop would have shut off): from then on what the pool would
     * need no longer includes them; the peak reached before stays.
     */
    public void withdrawRefusedDemand(long n) {
        deficit -= Math.min(deficit, n);
    }

    /**
     * Takes {@code n} units that were refused earlier and are now granted (a retried request):
     * they move from the refused demand to what is held.
     */
    public void takeRefused(long nowNs, long n) {
        deficit -= Math.min(deficit, n);
        take(nowNs, n);
    }

    /**
     * Takes {@code n} units from every pool, or from none: the first pool that cannot give them
     * records the breaking point. An fd counts against the process table and the system table.
     */
    public static boolean tryAcquireAll(long nowNs, String subject, long n, LimitedPool... pools) {
        for (LimitedPool p : pools) {
            if (!p.fits(n)) {
                p.fail(nowNs, subject, n);
                return false;
            }
        }
        for (LimitedPool p : pools) p.take(nowNs, n);
        return true;
    }

    public LimitSpec spec() {
        return spec;
    }

    public String resource() {
        return spec.resource();
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public long available() {
        return limit - used;
    }

    public long highWater() {
        return highWater;
    }

    public long failures() {
        return failures;
    }

    /**
     * The limit that would have let every refused acquisition through: the peak of what was
     * held plus what was refused (refused subjects are assumed to have kept what they asked).
     */
    public long wouldNeed() {
        return Math.max(Math.min(wouldNeed, demandBound), highWater);
    }

    /**
     * Bounds {@link #wouldNeed()} by what the workload can hold at once when nothing is refused
     * (a batch of migrations never has more than its concurrency in flight): refused subjects
     * that would have been done before the next ones came are not counted twice.
     */
    public void boundDemand(long bound) {
        demandBound = bound;
    }

    /** Reports the most this pool held and its limit (none when unlimited), in the pool's unit. */
    public void report(MetricSink m) {
        m.highWater(spec.resource(), spec.unit(), highWater);
        if (limit != UNLIMITED) m.limit(spec.resource(), spec.unit(), limit);
    }

    /** Usage over time, or null when not tracked. */
    public UsageSeries series() {
        if (series != null) series.finish();
        return series;
    }
}
