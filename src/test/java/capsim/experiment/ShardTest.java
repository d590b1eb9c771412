package capsim.experiment;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
    /** quickstart over 8 guest counts (25 .. 3,200 guests: the largest is 128 times the smallest), 3 replications. */
    private static final BatchPlan PLAN = new BatchPlan("experiments/quickstart.json", Map.of(),
            List.of(new BatchPlan.Variant("base", Map.of())), List.of(Axis.parse("steps[0].count,steps[1].count=25..3200*2")), 3, 1, List.of());

    @Test
    void everyRunIsInExactlyOneShardAndTheWorkIsBalancedNotTheCount() {
        Batch.Inputs in = Batch.loadAll(PLAN, Path.of("").toAbsolutePath());
        double[] cost = new double[PLAN.caseCount()];
        double max = 0, sum = 0;
        for (int i = 0; i < cost.length; i++) {
            BatchPlan.Case c = PLAN.caseAt(i);
            cost[i] = Shard.expectedWork(in.experiments()[c.point()]);
            max = Math.max(max, cost[i]);
            sum += cost[i];
        }
        // a start realizes the guest's disk and NIC: 1 + define + start x 3 per guest
        assertEquals(1 + 25 + 25 * 3, cost[0], 1e-9);
        for (int n : new int[] {1, 2, 3, 5, 24, 30}) {
            int[] owner = Shard.assign(PLAN, in.experiments(), n);
            assertArrayEquals(owner, Shard.assign(PLAN, in.experiments(), n), "the same split on every machine");
            double[] load = new double[n];
            for (int i = 0; i < owner.length; i++) {
                assertTrue(owner[i] >= 0 && owner[i] < n);
                load[owner[i]] += cost[i];
            }
            double hi = java.util.Arrays.stream(load).max().orElseThrow();
            // longest-first greedy: no shard exceeds the mean by more than one run
            assertTrue(hi <= sum / n + max + 1e-9, n + " shards: " + hi + " > " + (sum / n + max));
            if (n == 2) {
                // dealt by count (0, 1, 0, 1 ...) the split would be far from even; by work it is within 3 %
                assertEquals(sum / 2, hi, 0.03 * sum / 2);
            }
        }
    }

    @Test
    void theIndexComesFromTheCommandLineOrTheEnginesEnvironment() {
        assertEquals(new Shard(2, 5), Shard.parse("2/5", Map.of()));
        assertEquals(new Shard(4, 5), Shard.parse("5", Map.of(Shard.KUBERNETES_INDEX, "4")));
        assertEquals(new Shard(0, 5), Shard.parse("5", Map.of(Shard.SLURM_INDEX, "1", Shard.SLURM_MIN, "1")));
        assertEquals(new Shard(3, 5), Shard.parse("5", Map.of(Shard.SLURM_INDEX, "3")));
        for (String bad : List.of("5/5", "-1/5", "x/5", "1/0", "1/", "1/2/3", "5")) {
            assertThrows(InputException.class, () -> Shard.parse(bad, Map.of()), bad);
        }
        assertThrows(InputException.class, () -> Shard.parse("5", Map.of(Shard.SLURM_INDEX, "6", Shard.SLURM_MIN, "1")));
    }
}
