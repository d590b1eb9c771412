package capsim.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capsim.kernel.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FairShareCpusTest {

    /** Water-filling against an independent solve: bisection on the fair level λ, rate_i = min(cap_i, λ w_i). */
    @Test
    void waterFillMatchesBisectionOnTheFairLevel() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(8);
            double[] w = new double[n];
            double[] cap = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = 0.1 + rnd.nextDouble() * 10;
                cap[i] = rnd.nextDouble() * 5;
            }
            double total = rnd.nextDouble() * 20;
            double[] got = FairShareCpus.waterFill(total, w, cap);
            double capSum = 0;
            for (double c : cap) capSum += c;
            double lo = 0, hi = 1e9;
            for (int it = 0; it < 200; it++) {
                double mid = (lo + hi) / 2;
                double s = 0;
                for (int i = 0; i < n; i++) s += Math.min(cap[i], mid * w[i]);
                if (s < Math.min(total, capSum)) lo = mid;
                else hi = mid;
            }
            for (int i = 0; i < n; i++) assertEquals(Math.min(cap[i], lo * w[i]), got[i], 1e-6, "trial " + trial + " item " + i);
        }
    }

    @Test
    void withCpuToSpareAJobTakesExactlyItsWork() {
        Simulation sim = new Simulation(1);
        FairShareCpus cpus = new FairShareCpus(sim, 4);
        var c = cpus.group("all", 1).threads("t", 1, 1);
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) c.run(1_000_000_007L + i, d -> done.add(sim.now()), i);
        sim.run();
        assertEquals(List.of(1_000_000_007L, 1_000_000_008L, 1_000_000_009L, 1_000_000_010L), done);
    }

    /** Processor sharing by hand: 3 jobs of 1, 2, 3 s on 1 CPU: all at 1/3 until 3 s, then 1/2 until 5 s, then alone until 6 s. */
    @Test
    void contendedJobsFinishAsProcessorSharingGivesIt() {
        Simulation sim = new Simulation(1);
        FairShareCpus cpus = new FairShareCpus(sim, 1);
        var c = cpus.group("all", 1).threads("t", 1, 1);
        long[] end = new long[3];
        for (int i = 0; i < 3; i++) c.run((i + 1) * 1e9, d -> end[d] = sim.now(), i);
        sim.run();
        assertEquals(3e9, end[0], 2);
        assertEquals(5e9, end[1], 2);
        assertEquals(6e9, end[2], 2);
        assertEquals(6.0, cpus.usedCpuSeconds(), 1e-6);
    }

    /** A thread uses at most one CPU: 2 jobs on 8 CPUs each get one, not four. */
    @Test
    void aThreadNeverGetsMoreThanOneCpu() {
        Simulation sim = new Simulation(1);
        FairShareCpus cpus = new FairShareCpus(sim, 8);
        var c = cpus.group("all", 1).threads("t", 1, 1);
        long[] end = new long[1];
        c.run(2e9, d -> end[0] = sim.now(), 0);
        c.run(2e9, d -> { }, 1);
        sim.run();
        assertEquals(2e9, end[0], 1);
    }

    /**
     * Two slices of equal weight on 4 CPUs: one cgroup of 10 threads in system, 100 flows in machine.
     * The cgroup gets its slice's half (2 CPUs), the flows the other 2: 0.02 CPU each of the 1 they ask for.
     */
    @Test
    void slicesShareByWeightAndACgroupWeighsOnceHoweverManyThreadsRun() {
        Simulation sim = new Simulation(1);
        FairShareCpus cpus = new FairShareCpus(sim, 4);
        var service = cpus.group("system", 100).cgroup("libvirtd", 100, 1);
        var vcpus = cpus.group("machine", 100).threads("vcpu", 100, 1);
        vcpus.addFlows(100);
        for (int i = 0; i < 10; i++) service.run(1e9, d -> { }, i);
        assertEquals(0.2, service.rate(), 1e-12);
        assertEquals(0.02, vcpus.rate(), 1e-12);
        // 10 jobs of 1 CPU-s at 0.2 CPU: 5 s
        sim.schedule(10_000_000_000L, d -> vcpus.removeFlows(100), 0);
        sim.run();
        // while the jobs ran the flows got 0.02 of 1; after, all 4 CPUs for 100 flows: 0.04
        double expected = 1 - (5 * 0.02 + 5 * 0.04) / 10;
        assertEquals(expected, vcpus.flowSteal(), 1e-9);
    }

    @Test
    void flowsCappedBelowACpuAskOnlyTheirShare() {
        Simulation sim = new Simulation(1);
        FairShareCpus cpus = new FairShareCpus(sim, 2);
        var g = cpus.group("all", 1);
        var half = g.threads("half", 1, 0.5);
        var full = g.threads("full", 1, 1);
        half.addFlows(2);
        full.addFlows(2);
        // max-min: each flow's fair share is 0.5, the half flows take their 0.5, the full ones the remaining 0.5 each
        assertEquals(0.5, half.rate(), 1e-12);
        assertEquals(0.5, full.rate(), 1e-12);
        full.addFlows(2);
        // 2 CPUs for 6 flows: level 1/3 < 0.5 for all
        assertEquals(1.0 / 3, half.rate(), 1e-12);
        assertTrue(Math.abs(cpus.usedCpus() - 2) < 1e-9);
    }
}
