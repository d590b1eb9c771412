package capsim.model;

import capsim.resource.LimitedPool;
import java.util.Arrays;

/**
 * What one guest holds from which pools, so that a failed start gives everything back and a
 * stopped guest too; and the refused demand it counted on each pool, so that it can be withdrawn
 * once the guest would have been shut off.
 */
final class Holdings {
    private final int guest;   // named only for a breaking point; no reference to the start, which a running guest's holdings outlive
    private LimitedPool[] pools = new LimitedPool[12];
    private long[] amounts = new long[12];
    private int n;
    private LimitedPool[] refused = new LimitedPool[2];
    private long[] refusedCounted = new long[2];   // refused demand already counted on each refusing pool
    private int nRefused;

    /** @param guest the guest whose name a breaking point gives, the stage ({@code what}) after it */
    Holdings(int guest) {
        this.guest = guest;
    }

    /** The subject a breaking point names: the guest, then the stage. */
    private String subject(String what) {
        return GuestStart.guestName(guest) + what;
    }

    /** Records that {@code amount} was taken from {@code pool}. */
    void add(LimitedPool pool, long amount) {
        if (amount == 0) return;
        for (int i = 0; i < n; i++) {
            if (pools[i] == pool) {
                amounts[i] += amount;
                return;
            }
        }
        if (n == pools.length) {
            pools = Arrays.copyOf(pools, Math.max(4, n * 2));
            amounts = Arrays.copyOf(amounts, Math.max(4, n * 2));
        }
        pools[n] = pool;
        amounts[n++] = amount;
    }

    /** Takes {@code amount} from all {@code ps} or from none (the first that cannot records the breaking point). */
    boolean takeAll(long now, String what, long amount, LimitedPool... ps) {
        return takeAll(now, what, amount, 0, ps);
    }

    /**
     * As {@link #takeAll(long, String, long, LimitedPool...)}; when refused, the pool that refused
     * also counts {@code later} units the subject would have asked for in its later stages.
     */
    boolean takeAll(long now, String what, long amount, long later, LimitedPool... ps) {
        if (amount == 0) return true;
        for (LimitedPool p : ps) {
            if (!p.fits(amount)) {
                p.fail(now, subject(what), amount);
                if (later > 0) p.addRefusedDemand(later);
                refusedBy(p, amount + later);
                return false;
            }
        }
        for (LimitedPool p : ps) {
            p.take(now, amount);
            add(p, amount);
        }
        return true;
    }

    /**
     * Notes that {@code pool} refused this subject, which has counted {@code counted} units there
     * as refused demand: what the subject holds of it is given back as refused demand too, so the
     * pool's suggestion counts the subject's whole need.
     */
    void refusedBy(LimitedPool pool, long counted) {
        for (int i = 0; i < nRefused; i++) {
            if (refused[i] == pool) {
                refusedCounted[i] += counted;
                return;
            }
        }
        if (nRefused == refused.length) {
            refused = Arrays.copyOf(refused, Math.max(2, nRefused * 2));
            refusedCounted = Arrays.copyOf(refusedCounted, Math.max(2, nRefused * 2));
        }
        refused[nRefused] = pool;
        refusedCounted[nRefused++] = counted;
    }

    /**
     * The subject would have held {@code whole} units of {@code pool} at its peak: when that pool
     * refused it, the part neither held nor counted yet (the stages it never reached) is added as
     * refused demand.
     */
    void wholeDemand(LimitedPool pool, long whole) {
        for (int i = 0; i < nRefused; i++) {
            if (refused[i] != pool) continue;
            long extra = whole - held(pool) - refusedCounted[i];
            if (extra > 0) {
                pool.addRefusedDemand(extra);
                refusedCounted[i] += extra;
            }
            return;
        }
    }

    /** What the subject holds of {@code pool}. */
    long held(LimitedPool pool) {
        for (int i = 0; i < n; i++) if (pools[i] == pool) return amounts[i];
        return 0;
    }

    /**
     * Takes {@code amount} from all {@code ps} and gives it back at once (fds opened and closed
     * again), or takes nothing: the first pool that cannot records the breaking point.
     */
    boolean takeAndGiveBack(long now, String what, long amount, LimitedPool... ps) {
        for (LimitedPool p : ps) {
            if (!p.fits(amount)) {
                p.fail(now, subject(what), amount);
                refusedBy(p, amount);
                return false;
            }
        }
        for (LimitedPool p : ps) p.take(now, amount);
        for (LimitedPool p : ps) p.release(now, amount);
        return true;
    }

    /**
     * Counts {@code n} more units the subject would have asked of {@code pool} in later stages, after
     * {@code pool} refused it ({@link LimitedPool#addRefusedDemand}), as counted by this subject.
     */
    void addRefusedDemand(LimitedPool pool, long n) {
        pool.addRefusedDemand(n);
        refusedBy(pool, n);
    }

    /** The pool that refused this subject last, or null. */
    LimitedPool lastRefused() {
        return nRefused == 0 ? null : refused[nRefused - 1];
    }

    /**
     * A failed start gives everything back; what a pool that refused it is given back stays
     * counted there as refused demand. Returns the refused demand the subject leaves counted, by
     * pool (null if none refused it), to withdraw when a later step would have shut it off.
     */
    Refused releaseAll(long now) {
        Refused left = null;
        if (nRefused > 0) {
            long[] counted = new long[nRefused];
            for (int j = 0; j < nRefused; j++) counted[j] = refusedCounted[j] + held(refused[j]);
            left = new Refused(Arrays.copyOf(refused, nRefused), counted);
        }
        for (int i = n - 1; i >= 0; i--) {
            if (wasRefusedBy(pools[i])) pools[i].releaseRefused(now, amounts[i]);
            else pools[i].release(now, amounts[i]);
        }
        n = 0;
        nRefused = 0;
        return left;
    }

    /**
     * A running guest is shut off (its QEMU exits, libvirtd closes its monitor): everything it
     * holds goes back, and the refused demand it counted (devices degraded at boot) is withdrawn.
     */
    void giveBack(long now) {
        for (int i = n - 1; i >= 0; i--) pools[i].release(now, amounts[i]);
        for (int j = 0; j < nRefused; j++) refused[j].withdrawRefusedDemand(refusedCounted[j]);
        n = 0;
        nRefused = 0;
    }

    /** The arrays cut to what is held: a running guest keeps its holdings until it is shut off. */
    Holdings compact() {
        pools = Arrays.copyOf(pools, n);
        amounts = Arrays.copyOf(amounts, n);
        refused = Arrays.copyOf(refused, nRefused);
        refusedCounted = Arrays.copyOf(refusedCounted, nRefused);
        return this;
    }

    /** Refused demand a failed start left counted on pools. */
    record Refused(LimitedPool[] pools, long[] amounts) {
        /** The start would have been shut off by now: its demand no longer counts. */
        void withdraw() {
            for (int j = 0; j < pools.length; j++) pools[j].withdrawRefusedDemand(amounts[j]);
        }
    }

    private boolean wasRefusedBy(LimitedPool p) {
        for (int i = 0; i < nRefused; i++) if (refused[i] == p) return true;
        return false;
    }
}
