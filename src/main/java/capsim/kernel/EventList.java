package capsim.kernel;

/**
 * The pending-event set of a {@link Simulation}: events ordered by time and, on equal times, by
 * the order they were scheduled (FIFO; a rescheduled event counts as scheduled anew).
 *
 * <p>Scheduling returns a handle that stays valid while the event is pending, rescheduling
 * included. Once the event has fired, been cancelled or the list cleared, the handle is stale:
 * {@link #isPending} is false and {@link #cancel} and {@link #reschedule} return false, even when
 * the event's storage has been reused for a newer event. Handles are never negative.
 *
 * <p>Polling does not allocate: {@link #poll()} removes the earliest event and leaves its time,
 * handler and data in {@link #polledTime()}, {@link #polledHandler()} and {@link #polledData()}.
 * Times are any {@code long}; the list itself does not require them to grow (Simulation does).
 *
 * <p>{@link EventQueue} (a ladder queue) is the default; {@link BinaryHeapEventList} is a plain
 * binary heap with the same semantics, as a reference and a benchmark contender.
 */
public interface EventList {

    /** Number of pending events. */
    int size();

    /** True when no event is pending. */
    boolean isEmpty();

    /** Schedules an event at absolute time {@code time}; returns its handle. */
    long add(long time, EventHandler h, int data);

    /** Time of the earliest pending event; {@link Long#MAX_VALUE} when empty. */
    long peekTime();

    /**
     * Removes the earliest event. Its time, handler and data are then available from
     * {@link #polledTime()}, {@link #polledHandler()} and {@link #polledData()}.
     *
     * @return false when the list is empty
     */
    boolean poll();

    /** Time of the event the last successful {@link #poll()} removed. */
    long polledTime();

    /** Handler of the event the last successful {@link #poll()} removed. */
    EventHandler polledHandler();

    /** Data word of the event the last successful {@link #poll()} removed. */
    int polledData();

    /** True while the event of {@code handle} is pending. */
    boolean isPending(long handle);

    /** Time of a pending event; {@link IllegalArgumentException} when it is not pending. */
    long timeOf(long handle);

    /** Cancels a pending event. Returns false if it already fired or was cancelled. */
    boolean cancel(long handle);

    /**
     * Moves a pending event to a new time. It is ordered after every event already scheduled
     * for that time, as if it had been scheduled anew; its handle stays valid. Returns false if
     * the event is not pending.
     */
    boolean reschedule(long handle, long newTime);

    /** Drops every pending event; their handles become stale. */
    void clear();
}
