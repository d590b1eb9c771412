package capsim.resource;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A host's CPUs shared as Linux's fair scheduler shares them, as a fluid: every runnable thread
 * gets CPU in proportion to its weight, no thread more than one CPU (it runs on one CPU at a
 * time) or more than it asks for; what one does not use goes to the others (work conserving).
 * Weights are two levels deep, as cgroups make them: {@link Group}s (a slice) share the
 * capacity by their weights, and the threads inside a group share its part by theirs. A group
 * with nothing runnable takes nothing.
 *
 * <p>Threads come in {@link ThreadClass}es of identical members (same weight, same most CPU
 * each): a busy guest vCPU, a QEMU starting, a libvirtd worker. A member is either a job (a
 * fixed amount of CPU work; its callback runs when it is served) or a flow (a standing demand
 * until removed, e.g. a loaded vCPU; what it asks for and does not get is its steal).
 *
 * <p>Cost: the allocation is recomputed per change in O(classes log classes), never per thread.
 * Each job has its own completion event, moved only when its class's rate changes, so with
 * CPU to spare a job ends exactly {@code work} after it started, as a plain delay would, and a
 * change on a contended host costs the jobs in flight in the classes it slows or speeds.
 */
public final class FairShareCpus {
    /** Tells an observer that the CPU in use or asked for changed. */
    public interface Listener {
        void changed(long now, double usedCpus, double demandCpus, int runnableThreads);
    }

    private final Simulation sim;
    private final double capacity;
    private final List<Group> groups = new ArrayList<>();
    private final List<ThreadClass> classes = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private long lastAdvance;
    private double used;
    private double demand;
    private double usedArea;   // CPU-ns served since t = 0

    /** @param capacityCpus CPUs' worth of service per second the threads share (> 0) */
    public FairShareCpus(Simulation sim, double capacityCpus) {
        if (!(capacityCpus > 0)) throw new IllegalArgumentException("CPU capacity must be > 0, is " + capacityCpus);
        this.sim = sim;
        this.capacity = capacityCpus;
        this.lastAdvance = sim.now();
    }

    public double capacity() {
        return capacity;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** A top-level group (a cgroup slice) of weight {@code weight} (> 0). */
    public Group group(String name, double weight) {
        if (!(weight > 0)) throw new IllegalArgumentException(name + ": weight must be > 0");
        Group g = new Group(name, weight);
        groups.add(g);
        return g;
    }

    /** CPUs in use now. */
    public double usedCpus() {
        return used;
    }

    /** CPUs asked for now (each member's most). */
    public double demandCpus() {
        return demand;
    }

    /** CPU-seconds served since the start. */
    public double usedCpuSeconds() {
        advance();
        return usedArea / Simulation.NS_PER_S;
    }

    /** A cgroup slice: its weight against the other groups; its threads share what it gets. */
    public final class Group {
        private final String name;
        private final double weight;
        private final List<ThreadClass> members = new ArrayList<>();
        private double allocated;

        private Group(String name, double weight) {
            this.name = name;
            this.weight = weight;
        }

        public String name() {
            return name;
        }

        /**
         * A class of identical threads in this group: each of weight {@code weight} against the
         * group's other threads, each using at most {@code maxCpus} (≤ 1: a thread runs on one CPU).
         */
        public ThreadClass threads(String name, double weight, double maxCpus) {
            return add(new ThreadClass(this, name, weight, maxCpus, true));
        }

        /**
         * A cgroup of identical threads in this group (a service's cgroup): the cgroup weighs
         * {@code weight} against the group's other threads however many of its threads are
         * runnable, and they share what it gets equally.
         */
        public ThreadClass cgroup(String name, double weight, double maxCpus) {
            return add(new ThreadClass(this, name, weight, maxCpus, false));
        }

        private ThreadClass add(ThreadClass c) {
            if (!(c.weight > 0)) throw new IllegalArgumentException(c.name + ": weight must be > 0");
            if (!(c.cap > 0) || c.cap > 1) throw new IllegalArgumentException(c.name + ": a thread uses more than 0 and at most 1 CPU, not " + c.cap);
            members.add(c);
            classes.add(c);
            return c;
        }
    }

    /** Identical threads: jobs of fixed work and standing flows, all served at one rate per member. */
    public final class ThreadClass {
        private final Group group;
        private final String name;
        private final double weight;
        private final double cap;
        private final boolean weightPerMember;
        private int flows;
        private double rate;        // CPUs each member gets now
        private double served;      // CPU-ns each member present since t = 0 would have received
        private double flowDemandArea;
        private double flowServedArea;
        // jobs, by slot
        private double[] tag = new double[8];
        private long[] handle = new long[8];
        private EventHandler[] doneHandler = new EventHandler[8];
        private int[] doneData = new int[8];
        private int[] active = new int[8];   // slots of the jobs in flight
        private int[] position = new int[8]; // where each slot sits in active
        private int jobs;
        private int[] free = new int[8];
        private int freeCount;
        private int slots;
        private final EventHandler finish = this::finished;

        private ThreadClass(Group group, String name, double weight, double cap, boolean weightPerMember) {
            this.group = group;
            this.name = name;
            this.weight = weight;
            this.cap = cap;
            this.weightPerMember = weightPerMember;
        }

        public String name() {
            return name;
        }

        /** CPUs each member gets now (0 when the class is empty). */
        public double rate() {
            return rate;
        }

        public double maxCpus() {
            return cap;
        }

        public int members() {
            return jobs + flows;
        }

        /**
         * One job of {@code cpuNs} CPU-nanoseconds (at one whole CPU; a member capped below one CPU
         * takes {@code cpuNs / maxCpus} uncontended); {@code done.onEvent(data)} when it is served.
         */
        public void run(double cpuNs, EventHandler done, int data) {
            if (!(cpuNs >= 0)) throw new IllegalArgumentException(name + ": negative CPU work");
            advance();
            int s = freeCount > 0 ? free[--freeCount] : newSlot();
            tag[s] = served + cpuNs;
            doneHandler[s] = done;
            doneData[s] = data;
            position[s] = jobs;
            active[jobs++] = s;
            handle[s] = -1;
            changed(this);
        }

        /** {@code n} more standing members (they ask for {@link #maxCpus()} each until removed). */
        public void addFlows(int n) {
            if (n < 0) throw new IllegalArgumentException("negative flows");
            if (n == 0) return;
            advance();
            flows += n;
            changed(this);
        }

        public void removeFlows(int n) {
            if (n < 0 || n > flows) throw new IllegalArgumentException(name + ": removes " + n + " of " + flows + " flows");
            if (n == 0) return;
            advance();
            flows -= n;
            changed(this);
        }

        public int flows() {
            return flows;
        }

        /** What the flows asked for and did not get, as a fraction of what they asked for (0 when none ran). */
        public double flowSteal() {
            advance();
            return flowDemandArea > 0 ? Math.max(0, 1 - flowServedArea / flowDemandArea) : 0;
        }

        /** CPU-seconds the flows were served. */
        public double flowCpuSeconds() {
            advance();
            return flowServedArea / Simulation.NS_PER_S;
        }

        /** CPU-seconds the flows asked for. */
        public double flowDemandCpuSeconds() {
            advance();
            return flowDemandArea / Simulation.NS_PER_S;
        }

        private void finished(int s) {
            advance();
            handle[s] = -1;
            EventHandler h = doneHandler[s];
            int d = doneData[s];
            doneHandler[s] = null;
            int p = position[s];
            int last = active[--jobs];
            active[p] = last;
            position[last] = p;
            free[freeCount++] = s;
            changed(this);
            h.onEvent(d);
        }

        /** Moves each job's completion to where the class's rate now puts it. */
        private void schedule(boolean all) {
            long now = sim.now();
            for (int i = 0; i < jobs; i++) {
                int s = active[i];
                if (!all && handle[s] >= 0) continue;
                if (rate <= 0) {
                    if (handle[s] >= 0) sim.cancel(handle[s]);
                    handle[s] = -1;
                    continue;
                }
                double remaining = Math.max(0, tag[s] - served);
                long at = now + (long) Math.ceil(remaining / rate);
                if (handle[s] >= 0 && sim.isPending(handle[s])) sim.reschedule(handle[s], at);
                else handle[s] = sim.scheduleAt(at, finish, s);
            }
        }

        private int newSlot() {
            if (slots == tag.length) {
                int n = slots * 2;
                tag = Arrays.copyOf(tag, n);
                handle = Arrays.copyOf(handle, n);
                doneHandler = Arrays.copyOf(doneHandler, n);
                doneData = Arrays.copyOf(doneData, n);
                active = Arrays.copyOf(active, n);
                position = Arrays.copyOf(position, n);
                free = Arrays.copyOf(free, n);
            }
            return slots++;
        }
    }

    /** Brings every class's service up to now. O(classes). */
    private void advance() {
        long now = sim.now();
        long dt = now - lastAdvance;
        if (dt <= 0) return;
        for (ThreadClass c : classes) {
            if (c.rate > 0) c.served += c.rate * dt;
            if (c.flows > 0) {
                c.flowDemandArea += c.flows * c.cap * dt;
                c.flowServedArea += c.flows * c.rate * dt;
            }
        }
        usedArea += used * dt;
        lastAdvance = now;
    }

    /**
     * Recomputes every rate after {@code touched} changed membership, then moves the completions
     * of the jobs whose class's rate changed and schedules the new jobs of {@code touched}.
     */
    private void changed(ThreadClass touched) {
        int n = classes.size();
        if (before.length < n) before = new double[n];
        for (int i = 0; i < n; i++) before[i] = classes.get(i).rate;
        allocate();
        for (int i = 0; i < n; i++) {
            ThreadClass c = classes.get(i);
            if (c.rate != before[i]) c.schedule(true);
            else if (c == touched) c.schedule(false);
        }
        int runnable = 0;
        for (ThreadClass c : classes) runnable += c.members();
        for (Listener l : listeners) l.changed(sim.now(), used, demand, runnable);
    }

    // scratch of the allocation, reused: a change allocates nothing
    private double[] before = new double[0];
    private double[] weights = new double[0];
    private double[] caps = new double[0];
    private double[] shares = new double[0];
    private int[] order = new int[0];

    /** Weighted max-min fair shares: groups by their weights, then threads within each group by theirs. */
    private void allocate() {
        int most = groups.size();
        for (Group g : groups) most = Math.max(most, g.members.size());
        if (weights.length < most) {
            weights = new double[most];
            caps = new double[most];
            shares = new double[most];
            order = new int[most];
        }
        // a group with nothing runnable weighs nothing, and so takes nothing
        demand = 0;
        for (int i = 0; i < groups.size(); i++) {
            double capSum = 0;
            for (ThreadClass c : groups.get(i).members) capSum += c.members() * c.cap;
            demand += capSum;
            weights[i] = capSum > 0 ? groups.get(i).weight : 0;
            caps[i] = capSum;
        }
        fill(capacity, weights, caps, groups.size(), shares, order);
        for (int i = 0; i < groups.size(); i++) groups.get(i).allocated = shares[i];
        used = 0;
        for (Group g : groups) {
            int n = g.members.size();
            for (int i = 0; i < n; i++) {
                ThreadClass c = g.members.get(i);
                weights[i] = c.members() == 0 ? 0 : c.weightPerMember ? c.members() * c.weight : c.weight;
                caps[i] = c.members() * c.cap;
            }
            fill(g.allocated, weights, caps, n, shares, order);
            for (int i = 0; i < n; i++) {
                ThreadClass c = g.members.get(i);
                int m = c.members();
                // a class alone under its caps gets exactly its cap: no rounding on an idle host
                c.rate = m == 0 ? 0 : (shares[i] >= caps[i] ? c.cap : shares[i] / m);
                used += m * c.rate;
            }
        }
    }

    /**
     * Splits {@code total} among items by weight, none above its cap; what a capped item leaves
     * goes to the others. Items of zero weight get nothing.
     */
    static double[] waterFill(double total, double[] weight, double[] cap) {
        double[] out = new double[weight.length];
        fill(total, weight, cap, weight.length, out, new int[weight.length]);
        return out;
    }

    /** {@link #waterFill} over the first {@code n} items into {@code out}, with {@code order} as scratch. */
    private static void fill(double total, double[] weight, double[] cap, int n, double[] out, int[] order) {
        // the live items by cap / weight (ties by index): a stable insertion sort, n is a handful of classes
        int k = 0;
        for (int i = 0; i < n; i++) {
            out[i] = 0;
            if (!(weight[i] > 0 && cap[i] > 0)) continue;
            double r = cap[i] / weight[i];
            int j = k++;
            while (j > 0 && cap[order[j - 1]] / weight[order[j - 1]] > r) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        double left = total;
        double weightLeft = 0;
        for (int j = 0; j < k; j++) weightLeft += weight[order[j]];
        for (int j = 0; j < k; j++) {
            int i = order[j];
            double fair = left * weight[i] / weightLeft;
            if (cap[i] <= fair) {
                out[i] = cap[i];
                left -= cap[i];
                weightLeft -= weight[i];
            } else {
                // every item from here on is bounded by its fair share, not its cap
                double level = left / weightLeft;
                for (int r = j; r < k; r++) out[order[r]] = level * weight[order[r]];
                break;
            }
        }
    }
}
