package capsim.model;

import capsim.resource.LimitedPool;
import java.util.Arrays;

/** What one guest holds from which pools, so that a failed start gives everything back. */
final class Holdings {
    private LimitedPool[] pools = new LimitedPool[12];
    private long[] amounts = new long[12];
    private int n;
    private LimitedPool[] refused = new LimitedPool[2];
    private int nRefused;

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
            pools = Arrays.copyOf(pools, n * 2);
            amounts = Arrays.copyOf(amounts, n * 2);
        }
        pools[n] = pool;
        amounts[n++] = amount;
    }

    /** Takes {@code amount} from all {@code ps} or from none (the first that cannot records the breaking point). */
    boolean takeAll(long now, String subject, long amount, LimitedPool... ps) {
        return takeAll(now, subject, amount, 0, ps);
    }

    /**
     * As {@link #takeAll(long, String, long, LimitedPool...)}; when refused, the pool that refused
     * also counts {@code later} units the subject would have asked for in its later stages.
     */
    boolean takeAll(long now, String subject, long amount, long later, LimitedPool... ps) {
        if (amount == 0) return true;
        for (LimitedPool p : ps) {
            if (!p.fits(amount)) {
                p.fail(now, subject, amount);
                if (later > 0) p.addRefusedDemand(later);
                refusedBy(p);
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
     * Notes that {@code pool} refused this subject: what the subject holds of it is given back as
     * refused demand, so the pool's suggestion counts the subject's whole need.
     */
    void refusedBy(LimitedPool pool) {
        for (int i = 0; i < nRefused; i++) if (refused[i] == pool) return;
        if (nRefused == refused.length) refused = Arrays.copyOf(refused, nRefused * 2);
        refused[nRefused++] = pool;
    }

    /** The pool that refused this subject last, or null. */
    LimitedPool lastRefused() {
        return nRefused == 0 ? null : refused[nRefused - 1];
    }

    void releaseAll(long now) {
        for (int i = n - 1; i >= 0; i--) {
            if (wasRefusedBy(pools[i])) pools[i].releaseRefused(now, amounts[i]);
            else pools[i].release(now, amounts[i]);
        }
        n = 0;
        nRefused = 0;
    }

    private boolean wasRefusedBy(LimitedPool p) {
        for (int i = 0; i < nRefused; i++) if (refused[i] == p) return true;
        return false;
    }
}
