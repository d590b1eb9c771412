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
        if (amount == 0) return true;
        if (!LimitedPool.tryAcquireAll(now, subject, amount, ps)) return false;
        for (LimitedPool p : ps) add(p, amount);
        return true;
    }

    void releaseAll(long now) {
        for (int i = n - 1; i >= 0; i--) pools[i].release(now, amounts[i]);
        n = 0;
    }
}
