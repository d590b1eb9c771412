package capsim.model;

import capsim.resource.LimitedPool;
import java.util.Arrays;

/** What one guest holds from which pools, so that a failed start gives everything back. */
final class Holdings {
    private LimitedPool[] pools = new LimitedPool[12];
    private long[] amounts = new long[12];
    private int n;

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
                return false;
            }
        }
        for (LimitedPool p : ps) {
            p.take(now, amount);
            add(p, amount);
        }
        return true;
    }

    void releaseAll(long now) {
        for (int i = n - 1; i >= 0; i--) pools[i].release(now, amounts[i]);
        n = 0;
    }
}
