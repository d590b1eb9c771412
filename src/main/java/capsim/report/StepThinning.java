package capsim.report;

import java.util.TreeSet;

/** Fewer points of a step series, keeping what a reader of the chart can see. */
final class StepThinning {
    private StepThinning() {
    }

    /**
     * The indexes of a step series worth drawing: per time bucket the highest point and the
     * last one, so peaks and the final level survive while a million changes become a few hundred.
     */
    static int[] thin(double[] t, double[] v, int buckets) {
        int n = t.length;
        if (n <= 2 * buckets) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        double t0 = t[0];
        double span = Math.max(t[n - 1] - t0, 1e-12);
        TreeSet<Integer> keep = new TreeSet<>();
        keep.add(0);
        keep.add(n - 1);
        int i = 0;
        while (i < n) {
            int b = (int) Math.min(buckets - 1, Math.floor((t[i] - t0) / span * buckets));
            int best = i;
            int last = i;
            while (i < n && (int) Math.min(buckets - 1, Math.floor((t[i] - t0) / span * buckets)) == b) {
                if (v[i] > v[best]) best = i;
                last = i;
                i++;
            }
            keep.add(best);
            keep.add(last);
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }
}
