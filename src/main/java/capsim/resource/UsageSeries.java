package capsim.resource;

import java.util.Arrays;

/**
 * A resource's usage over simulated time, thinned so a run of millions of changes keeps a few
 * thousand points: a point is kept when the value moved by at least {@code step} since the last
 * kept one (the last change is always kept on {@link #finish}).
 */
public final class UsageSeries {
    private long[] times = new long[64];
    private long[] values = new long[64];
    private int n;
    private final long step;
    private long pendingTime = -1;
    private long pendingValue;

    public UsageSeries(long step) {
        this.step = Math.max(1, step);
    }

    public void record(long timeNs, long value) {
        if (n == 0 || Math.abs(value - values[n - 1]) >= step) {
            append(timeNs, value);
            pendingTime = -1;
        } else {
            pendingTime = timeNs;
            pendingValue = value;
        }
    }

    public void finish() {
        if (pendingTime >= 0) {
            append(pendingTime, pendingValue);
            pendingTime = -1;
        }
    }

    private void append(long t, long v) {
        if (n == times.length) {
            times = Arrays.copyOf(times, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        times[n] = t;
        values[n] = v;
        n++;
    }

    public int size() {
        return n;
    }

    public long timeAt(int i) {
        return times[i];
    }

    public long valueAt(int i) {
        return values[i];
    }
}
