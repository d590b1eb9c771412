package capsim.resource;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Tally;
import capsim.stat.TimeWeighted;
import java.util.Arrays;

/**
 * A multi-server FIFO queue: a pool of worker threads (libvirtd's RPC workers, machined's one
 * thread). A request either holds a server for a fixed service time ({@link #submit}) or until
 * its owner releases it ({@link #acquire} / {@link #release}), which models a worker blocked in
 * a synchronous call. Waiting requests sit in a ring buffer of primitives: no allocation per
 * request once it has grown.
 */
public final class FifoServers {
    private static final long HOLD = -1;

    private final Simulation sim;
    private final String name;
    private final int servers;
    private int busy;

    // ring buffer of waiting requests
    private long[] qService = new long[16];
    private EventHandler[] qHandler = new EventHandler[16];
    private int[] qData = new int[16];
    private long[] qArrival = new long[16];
    private int head;
    private int count;

    private final Tally waits;
    private final TimeWeighted queueLength;
    private final TimeWeighted busyServers;
    private final ServiceEnd serviceEnd = new ServiceEnd();

    // requests in service with a fixed time: who to call back, by a small slot table
    private EventHandler[] sHandler = new EventHandler[16];
    private int[] sData = new int[16];
    private int[] sFree = new int[16];
    private int sFreeCount;
    private int sSlots;

    public FifoServers(Simulation sim, String name, int servers) {
        if (servers < 1) throw new IllegalArgumentException(name + ": needs at least one server");
        this.sim = sim;
        this.name = name;
        this.servers = servers;
        this.waits = new Tally(name + ".wait", true);
        this.queueLength = new TimeWeighted(name + ".queue", sim.now(), 0);
        this.busyServers = new TimeWeighted(name + ".busy", sim.now(), 0);
    }

    /** Holds a server for {@code serviceNs}, then calls {@code done.onEvent(data)}. */
    public void submit(long serviceNs, EventHandler done, int data) {
        if (serviceNs < 0) throw new IllegalArgumentException("negative service time");
        enqueue(serviceNs, done, data);
    }

    /**
     * Calls {@code granted.onEvent(data)} when a server is free; the caller must then call
     * {@link #release()} when it is done.
     */
    public void acquire(EventHandler granted, int data) {
        enqueue(HOLD, granted, data);
    }

    /** Frees a server taken with {@link #acquire}. */
    public void release() {
        if (busy == 0) throw new IllegalStateException(name + ": release with no busy server");
        busy--;
        busyServers.update(sim.now(), busy);
        dispatch();
    }

    private void enqueue(long service, EventHandler h, int data) {
        if (count == qService.length) grow();
        int tail = (head + count) % qService.length;
        qService[tail] = service;
        qHandler[tail] = h;
        qData[tail] = data;
        qArrival[tail] = sim.now();
        count++;
        queueLength.update(sim.now(), count);
        dispatch();
    }

    private void dispatch() {
        while (busy < servers && count > 0) {
            long service = qService[head];
            EventHandler h = qHandler[head];
            int data = qData[head];
            waits.add((sim.now() - qArrival[head]) / 1e9);
            qHandler[head] = null;
            head = (head + 1) % qService.length;
            count--;
            busy++;
            queueLength.update(sim.now(), count);
            busyServers.update(sim.now(), busy);
            if (service == HOLD) {
                sim.schedule(0, h, data);
            } else {
                int slot = sFreeCount > 0 ? sFree[--sFreeCount] : newSlot();
                sHandler[slot] = h;
                sData[slot] = data;
                sim.schedule(service, serviceEnd, slot);
            }
        }
    }

    private int newSlot() {
        if (sSlots == sHandler.length) {
            sHandler = Arrays.copyOf(sHandler, sSlots * 2);
            sData = Arrays.copyOf(sData, sSlots * 2);
            sFree = Arrays.copyOf(sFree, sSlots * 2);
        }
        return sSlots++;
    }

    private final class ServiceEnd implements EventHandler {
        @Override
        public void onEvent(int slot) {
            EventHandler h = sHandler[slot];
            int data = sData[slot];
            sHandler[slot] = null;
            sFree[sFreeCount++] = slot;
            busy--;
            busyServers.update(sim.now(), busy);
            dispatch();
            h.onEvent(data);
        }
    }

    private void grow() {
        int cap = qService.length * 2;
        long[] s = new long[cap];
        EventHandler[] h = new EventHandler[cap];
        int[] d = new int[cap];
        long[] a = new long[cap];
        for (int i = 0; i < count; i++) {
            int j = (head + i) % qService.length;
            s[i] = qService[j];
            h[i] = qHandler[j];
            d[i] = qData[j];
            a[i] = qArrival[j];
        }
        qService = s;
        qHandler = h;
        qData = d;
        qArrival = a;
        head = 0;
    }

    public String name() {
        return name;
    }

    public int servers() {
        return servers;
    }

    public int busy() {
        return busy;
    }

    public int waiting() {
        return count;
    }

    /** Waiting times in seconds. */
    public Tally waits() {
        return waits;
    }

    public TimeWeighted queueLength() {
        return queueLength;
    }

    public TimeWeighted busyServers() {
        return busyServers;
    }
}
