package capsim.kernel;

/**
 * The simulation clock and event loop. Time is a {@code long} count of nanoseconds from the
 * start of the run. Handlers schedule further events; nothing here allocates per event.
 */
public final class Simulation {
    public static final long NS_PER_US = 1_000L;
    public static final long NS_PER_MS = 1_000_000L;
    public static final long NS_PER_S = 1_000_000_000L;

    private final EventList queue;
    private final RandomStreams streams;
    private long now;
    private long events;
    private boolean stopped;

    /** A simulation on the default pending-event set, a ladder {@link EventQueue}. */
    public Simulation(long seed) {
        this(seed, new EventQueue(1024));
    }

    /**
     * A simulation on the given pending-event set, which must be empty. Every {@link EventList}
     * orders events alike (time, then FIFO), so the choice changes speed, not results.
     */
    public Simulation(long seed, EventList queue) {
        if (!queue.isEmpty()) throw new IllegalArgumentException("the event list must be empty");
        this.queue = queue;
        this.streams = new RandomStreams(seed);
    }

    /** Current simulated time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Current simulated time in seconds. */
    public double nowSeconds() {
        return now / (double) NS_PER_S;
    }

    public RandomStreams streams() {
        return streams;
    }

    /** Events processed so far. */
    public long events() {
        return events;
    }

    public int pending() {
        return queue.size();
    }

    /** Schedules {@code h.onEvent(data)} after {@code delayNs} (≥ 0). */
    public long schedule(long delayNs, EventHandler h, int data) {
        if (delayNs < 0) throw new IllegalArgumentException("negative delay " + delayNs);
        return queue.add(saturatingAdd(now, delayNs), h, data);
    }

    /** Schedules at an absolute time, which must not lie in the past. */
    public long scheduleAt(long timeNs, EventHandler h, int data) {
        if (timeNs < now) throw new IllegalArgumentException("time " + timeNs + " is before now " + now);
        return queue.add(timeNs, h, data);
    }

    public boolean cancel(long handle) {
        return queue.cancel(handle);
    }

    public boolean reschedule(long handle, long newTimeNs) {
        if (newTimeNs < now) throw new IllegalArgumentException("time " + newTimeNs + " is before now " + now);
        return queue.reschedule(handle, newTimeNs);
    }

    public boolean isPending(long handle) {
        return queue.isPending(handle);
    }

    /** Runs until no event is pending or {@link #stop()} is called. */
    public void run() {
        runUntil(Long.MAX_VALUE);
    }

    /** Runs events with time ≤ {@code endNs}; the clock then stands at the last event's time. */
    public void runUntil(long endNs) {
        stopped = false;
        while (!stopped) {
            if (queue.peekTime() > endNs) break;
            if (!queue.poll()) break;
            now = queue.polledTime();
            events++;
            queue.polledHandler().onEvent(queue.polledData());
        }
    }

    /** Stops the loop after the current event. */
    public void stop() {
        stopped = true;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }
}
