package capsim.resource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures of one run, in the order they happened. Every failure is counted; the first few
 * per resource are kept in full, so a run where 4,000 guests hit the same wall reports the wall
 * once with its count instead of 4,000 times.
 *
 * <p>{@link Listener}s hear of each failure as it is recorded (an extension point: stopping the
 * run at the first break is one). A missed SLO of an operation that still completed (a slow
 * start, a slow dump) is recorded with {@link #recordSloMiss}: kept and counted the same, but
 * listeners hear of it through {@link Listener#onSloMiss}, which by default does nothing.
 */
public final class BreakingPointLog {
    private static final int KEEP_PER_RESOURCE = 1;

    private final List<BreakingPoint> kept = new ArrayList<>();
    private final Map<String, Long> countByResource = new LinkedHashMap<>();
    private final Map<String, Long> maxDemandByResource = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final boolean liftsLimits;

    public BreakingPointLog() {
        this(false);
    }

    /** @param liftsLimits the run lifts every pool's limit (see {@link #liftsLimits}) */
    public BreakingPointLog(boolean liftsLimits) {
        this.liftsLimits = liftsLimits;
    }

    /**
     * True when this run lifts every pool's limit: its pools never refuse, so what each holds at
     * its peak is what the whole workload needs of it. A run that a pool refused is run again
     * so: the same events up to the first refusal, then what the guests it refused (and those a
     * later wall would have refused) would have done. That peak is the least limit under which
     * the pool refuses nothing once every wall on the way is raised (the run is then the lifted
     * run), which the refused run alone cannot tell: a refused start gives back its slot at
     * once, so the starts behind it come earlier than they would have.
     */
    public boolean liftsLimits() {
        return liftsLimits;
    }

    /** Hears of breaking points as they are recorded. */
    public interface Listener {
        /** An operation failed (a pool refused, a table was full, an SLO the run stops for was missed). */
        void onBreak(BreakingPoint bp);

        /** An operation completed but missed its SLO; the run goes on. */
        default void onSloMiss(BreakingPoint bp) {
        }
    }

    /** Adds a listener; listeners are called in the order they were added. */
    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Records a failure and tells the listeners. */
    public void record(BreakingPoint bp) {
        keep(bp);
        for (Listener l : listeners) l.onBreak(bp);
    }

    /** Records a missed SLO of an operation that completed, and tells the listeners. */
    public void recordSloMiss(BreakingPoint bp) {
        keep(bp);
        for (Listener l : listeners) l.onSloMiss(bp);
    }

    private void keep(BreakingPoint bp) {
        long c = countByResource.merge(bp.resource(), 1L, Long::sum);
        maxDemandByResource.merge(bp.resource(), bp.demand(), Math::max);
        if (c <= KEEP_PER_RESOURCE) kept.add(bp);
    }

    /**
     * Raises the suggested limit of a resource's recorded breaking point to at least
     * {@code value}: what the whole run would have needed, not just the first refused demand.
     */
    public void suggestAtLeast(String resource, long value) {
        for (int i = 0; i < kept.size(); i++) {
            BreakingPoint bp = kept.get(i);
            if (bp.resource().equals(resource) && bp.suggested() < value) {
                kept.set(i, bp.withSuggested(value));
            }
        }
    }

    /** Sets the suggested limit of a resource's recorded breaking point to {@code value}, what a run with its limit lifted held at its peak. */
    public void suggestExactly(String resource, long value) {
        for (int i = 0; i < kept.size(); i++) {
            BreakingPoint bp = kept.get(i);
            if (bp.resource().equals(resource)) kept.set(i, bp.withSuggested(value));
        }
    }

    /** Sets each resource's suggestion to at least the largest demand that failed on it. */
    public void suggestLargestDemands() {
        for (Map.Entry<String, Long> e : maxDemandByResource.entrySet()) suggestAtLeast(e.getKey(), e.getValue());
    }

    /** The first failure of each resource, in order of time. */
    public List<BreakingPoint> firstPerResource() {
        return Collections.unmodifiableList(kept);
    }

    /** The first failure of the run, or null. */
    public BreakingPoint first() {
        return kept.isEmpty() ? null : kept.get(0);
    }

    public boolean isEmpty() {
        return kept.isEmpty();
    }

    public long count(String resource) {
        return countByResource.getOrDefault(resource, 0L);
    }

    public long total() {
        long t = 0;
        for (long c : countByResource.values()) t += c;
        return t;
    }

    /** The largest demand that failed on a resource: the limit that would let all of them through. */
    public long maxDemand(String resource) {
        return maxDemandByResource.getOrDefault(resource, 0L);
    }
}
