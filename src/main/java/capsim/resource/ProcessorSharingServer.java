package capsim.resource;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import java.util.Arrays;

/**
 * An egalitarian processor-sharing server: a link or a set of CPUs of capacity C (work units per
 * second) shared equally by the jobs in it, each job getting at most {@code perJobCap} (one
 * stream cannot use more than one core or one connection's share).
 *
 * <p>Implemented with virtual time: all jobs progress at the same rate r = min(cap, C/n), so a
 * job finishes when the virtual clock reaches its virtual finish time. Finish times sit in a
 * primitive min-heap and only the next completion is scheduled: O(log n) per arrival or
 * departure, whatever the number of jobs.
 */
public final class ProcessorSharingServer {
    private final Simulation sim;
    private final String name;
    private final double capacity;
    private final double perJobCap;

    private double virtualTime;  // work units a job present since t=0 would have received
    private long lastUpdate;
    private long completionHandle = -1;

    // heap of jobs by virtual finish time
    private double[] finishV = new double[16];
    private int[] heapJob = new int[16];
    private int size;

    // job slots
    private EventHandler[] jobHandler = new EventHandler[16];
    private int[] jobData = new int[16];
    private int[] free = new int[16];
    private int freeCount;
    private int slots;

    private double workDone;
    private final Completion completion = new Completion();

    public ProcessorSharingServer(Simulation sim, String name, double capacityPerSecond, double perJobCapPerSecond) {
        if (!(capacityPerSecond > 0)) throw new IllegalArgumentException(name + ": capacity must be > 0");
        this.sim = sim;
        this.name = name;
        this.capacity = capacityPerSecond;
        this.perJobCap = perJobCapPerSecond > 0 ? perJobCapPerSecond : Double.POSITIVE_INFINITY;
        this.lastUpdate = sim.now();
    }

    /** Adds a job of {@code work} units; calls {@code done.onEvent(data)} when it is served. */
    public void submit(double work, EventHandler done, int data) {
        if (work < 0) throw new IllegalArgumentException("negative work");
        advance();
        int job = freeCount > 0 ? free[--freeCount] : newSlot();
        jobHandler[job] = done;
        jobData[job] = data;
        push(virtualTime + work, job);
        reschedule();
    }

    /** Rate each job gets now, in work units per second. */
    public double ratePerJob() {
        return size == 0 ? 0 : Math.min(perJobCap, capacity / size);
    }

    public int jobs() {
        return size;
    }

    public String name() {
        return name;
    }

    /** Work served so far. */
    public double workDone() {
        advance();
        return workDone;
    }

    private void advance() {
        long now = sim.now();
        if (now > lastUpdate && size > 0) {
            double r = ratePerJob();
            double dv = r * (now - lastUpdate) / 1e9;
            virtualTime += dv;
            workDone += dv * size;
        }
        lastUpdate = now;
    }

    private void reschedule() {
        if (size == 0) {
            if (completionHandle >= 0) sim.cancel(completionHandle);
            completionHandle = -1;
            return;
        }
        double remaining = Math.max(0, finishV[0] - virtualTime);
        long at = sim.now() + (long) Math.ceil(remaining / ratePerJob() * 1e9);
        if (completionHandle >= 0 && sim.isPending(completionHandle)) {
            sim.reschedule(completionHandle, at);
        } else {
            completionHandle = sim.scheduleAt(at, completion, 0);
        }
    }

    private final class Completion implements EventHandler {
        @Override
        public void onEvent(int ignored) {
            completionHandle = -1;
            advance();
            // jobs whose finish lies within rounding of now complete together
            double eps = Math.max(1e-9, Math.abs(virtualTime) * 1e-12);
            int finished = 0;
            int[] done = null;
            while (size > 0 && finishV[0] <= virtualTime + eps) {
                int job = heapJob[0];
                pop();
                if (done == null) done = new int[4];
                if (finished == done.length) done = Arrays.copyOf(done, finished * 2);
                done[finished++] = job;
            }
            reschedule();
            for (int i = 0; i < finished; i++) {
                int job = done[i];
                EventHandler h = jobHandler[job];
                int d = jobData[job];
                jobHandler[job] = null;
                free[freeCount++] = job;
                h.onEvent(d);
            }
        }
    }

    private int newSlot() {
        if (slots == jobHandler.length) {
            jobHandler = Arrays.copyOf(jobHandler, slots * 2);
            jobData = Arrays.copyOf(jobData, slots * 2);
            free = Arrays.copyOf(free, slots * 2);
        }
        return slots++;
    }

    private void push(double v, int job) {
        if (size == finishV.length) {
            finishV = Arrays.copyOf(finishV, size * 2);
            heapJob = Arrays.copyOf(heapJob, size * 2);
        }
        int pos = size++;
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (finishV[parent] <= v) break;
            finishV[pos] = finishV[parent];
            heapJob[pos] = heapJob[parent];
            pos = parent;
        }
        finishV[pos] = v;
        heapJob[pos] = job;
    }

    private void pop() {
        int last = --size;
        if (last == 0) return;
        double v = finishV[last];
        int job = heapJob[last];
        int pos = 0;
        while (true) {
            int c = 2 * pos + 1;
            if (c >= size) break;
            if (c + 1 < size && finishV[c + 1] < finishV[c]) c++;
            if (finishV[c] >= v) break;
            finishV[pos] = finishV[c];
            heapJob[pos] = heapJob[c];
            pos = c;
        }
        finishV[pos] = v;
        heapJob[pos] = job;
    }
}
