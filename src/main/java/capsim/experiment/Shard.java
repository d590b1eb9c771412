package capsim.experiment;

import capsim.config.InputException;
import capsim.model.common.Step;
import capsim.scenario.Experiment;
import java.util.BitSet;
import java.util.Map;

/**
 * Shard {@code index} of {@code count} of a batch: the runs one machine (a Kubernetes pod, a
 * Slurm array task) does. Which runs form a shard follows from the plan alone, so every shard
 * computes the same split without talking to the others: the runs are dealt out longest first,
 * each to the shard with the least expected work so far (ties to the lowest shard), where a run's
 * expected work is its experiment's {@link Step#expectedWork} summed over its steps. Replications
 * of one point cost the same and so spread over the shards.
 */
public record Shard(int index, int count) {
    /** Kubernetes Indexed Jobs give each pod its index here (0 .. completions-1). */
    public static final String KUBERNETES_INDEX = "JOB_COMPLETION_INDEX";
    /** Slurm job arrays give each task its index here; the array's first index is SLURM_ARRAY_TASK_MIN. */
    public static final String SLURM_INDEX = "SLURM_ARRAY_TASK_ID";
    public static final String SLURM_MIN = "SLURM_ARRAY_TASK_MIN";
    /** More shards than this is a mistake, not a plan (and each shard is a results folder). */
    public static final int MAX_COUNT = 100_000;

    public Shard {
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("shard count " + count);
        if (index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + " of " + count);
    }

    /** The whole batch as one shard. */
    public static final Shard WHOLE = new Shard(0, 1);

    /**
     * {@code K/N} (K from 0 to N-1), or {@code N} alone with K from the engine's environment:
     * {@value #KUBERNETES_INDEX}, else {@value #SLURM_INDEX} less {@value #SLURM_MIN} (so arrays
     * numbered from 1 work too).
     */
    public static Shard parse(String text, Map<String, String> env) {
        String where = "--shard " + text;
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2 || parts[parts.length - 1].isBlank()) {
            throw new InputException(where, "", 0, "give --shard K/N (K from 0 to N-1) or --shard N with K from $" + KUBERNETES_INDEX + " or $" + SLURM_INDEX);
        }
        int n = number(parts[parts.length - 1], where, "N");
        if (n < 1 || n > MAX_COUNT) throw new InputException(where, "", 0, "N must be 1 .. " + MAX_COUNT + ", not " + n);
        int k;
        if (parts.length == 2) {
            k = number(parts[0], where, "K");
        } else if (env.get(KUBERNETES_INDEX) != null) {
            k = number(env.get(KUBERNETES_INDEX), "$" + KUBERNETES_INDEX, "the shard index");
        } else if (env.get(SLURM_INDEX) != null) {
            k = number(env.get(SLURM_INDEX), "$" + SLURM_INDEX, "the shard index");
            if (env.get(SLURM_MIN) != null) k -= number(env.get(SLURM_MIN), "$" + SLURM_MIN, "the array's first index");
        } else {
            throw new InputException(where, "", 0, "no shard index: give --shard K/" + n + ", or run where $" + KUBERNETES_INDEX
                    + " (Kubernetes Indexed Job) or $" + SLURM_INDEX + " (Slurm job array) is set");
        }
        if (k < 0 || k >= n) throw new InputException(where, "", 0, "shard index " + k + " is not in 0 .. " + (n - 1));
        return new Shard(k, n);
    }

    private static int number(String s, String where, String what) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new InputException(where, "", 0, what + " must be a whole number, not \"" + s.strip() + "\"");
        }
    }

    /** "shard 1/7": its index of its count, as --shard takes it. */
    public String label() {
        return "shard " + index + "/" + count;
    }

    /** The runs of this shard among all of {@code plan}'s. */
    public BitSet runs(BatchPlan plan, Experiment[] experiments) {
        return runsOf(assign(plan, experiments, count), index);
    }

    /** The runs that {@link #assign} gave to shard {@code index}. */
    static BitSet runsOf(int[] owner, int index) {
        BitSet mine = new BitSet(owner.length);
        for (int i = 0; i < owner.length; i++) if (owner[i] == index) mine.set(i);
        return mine;
    }

    /** The shard of each run of {@code plan}, for {@code shards} shards. */
    public static int[] assign(BatchPlan plan, Experiment[] experiments, int shards) {
        int total = plan.caseCount();
        int variants = plan.variants().size();
        double[] cost = new double[total];
        double[] perExperiment = new double[experiments.length];
        for (int e = 0; e < experiments.length; e++) perExperiment[e] = expectedWork(experiments[e]);
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            BatchPlan.Case c = plan.caseAt(i);
            cost[i] = perExperiment[c.point() * variants + c.variant()];
            order[i] = i;
        }
        // longest first; equal costs in run order, so the split is the same on every machine
        java.util.Arrays.sort(order, (a, b) -> cost[a] != cost[b] ? Double.compare(cost[b], cost[a]) : Integer.compare(a, b));
        double[] load = new double[shards];
        java.util.PriorityQueue<Integer> least = new java.util.PriorityQueue<>(Math.max(1, shards),
                (a, b) -> load[a] != load[b] ? Double.compare(load[a], load[b]) : Integer.compare(a, b));
        for (int s = 0; s < shards; s++) least.add(s);
        int[] owner = new int[total];
        for (int i : order) {
            int best = least.poll();
            owner[i] = best;
            load[best] += cost[i];
            least.add(best);
        }
        return owner;
    }

    /** One run's expected work: one, plus each step's. */
    public static double expectedWork(Experiment e) {
        double w = 1;
        for (Step s : e.steps()) w += Math.max(0, s.expectedWork(e.guest()));
        return w;
    }
}
