package capsim.kernel;

import java.util.Arrays;

/**
 * The pending-event set: a cache-aligned 4-ary min-heap on one primitive array.
 *
 * <p>Each heap entry is two adjacent longs: the time, and the sequence number packed with the
 * event's slot ({@code seq << 24 | slot}). Comparing (time, packed) orders events by time and,
 * on equal times, by the order they were scheduled (FIFO). The four children of a node sit in
 * one 64-byte block, so a sift-down step reads one cache line.
 *
 * <p>An event's handler and data live in a slot, recycled through a free list: the steady state
 * allocates nothing. Cancelling and rescheduling are lazy: the slot records the sequence number
 * of its live heap entry, so an entry whose number no longer matches is stale and is skipped
 * when it reaches the top; stale entries are swept out when they outnumber live ones. Cancel is
 * O(1), reschedule O(log n). A handle is {@code generation << 32 | slot}, so a handle whose event
 * has fired or been cancelled is recognised as stale instead of hitting a recycled slot.
 *
 * <p>{@link #poll()} removes the top lazily: the common "pop the earliest, schedule one new
 * event" step (the hold model) then costs one sift-down instead of two.
 */
public final class EventQueue {
    private static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Most events pending at once (slot numbers fit in 24 bits). */
    public static final int MAX_PENDING = 1 << SLOT_BITS;
    private static final long MAX_SEQ = (1L << (63 - SLOT_BITS)) - 1;
    /** Logical index k lives at array index 2 * (k + OFFSET): children of k (4k+1..4k+4) share a cache line. */
    private static final int OFFSET = 3;

    private long[] heap;
    private int n;               // heap entries, live and stale
    private int stale;           // entries whose slot has moved on
    private boolean rootConsumed; // the top was polled but not yet removed

    private long[] slotSeq;      // sequence number of the slot's live entry; -1 when free
    private long[] slotTime;
    private int[] generation;
    private EventHandler[] handler;
    private int[] data;
    private int[] freeSlots;
    private int freeCount;
    private int slotCount;
    private int live;

    private long nextSeq;

    private long polledTime;
    private EventHandler polledHandler;
    private int polledData;

    public EventQueue() {
        this(64);
    }

    public EventQueue(int initialCapacity) {
        int cap = Math.max(8, initialCapacity);
        heap = new long[2 * (cap + OFFSET + 4)];
        Arrays.fill(heap, Long.MAX_VALUE);
        slotSeq = new long[cap];
        slotTime = new long[cap];
        generation = new int[cap];
        handler = new EventHandler[cap];
        data = new int[cap];
        freeSlots = new int[cap];
    }

    /** Number of pending events. */
    public int size() {
        return live;
    }

    public boolean isEmpty() {
        return live == 0;
    }

    /** Schedules an event at absolute time {@code time}; returns its handle. */
    public long add(long time, EventHandler h, int d) {
        int slot = allocSlot();
        handler[slot] = h;
        data[slot] = d;
        live++;
        push(time, slot);
        return ((long) generation[slot] << 32) | slot;
    }

    /** Time of the earliest pending event; {@link Long#MAX_VALUE} when empty. */
    public long peekTime() {
        settle();
        return n == 0 ? Long.MAX_VALUE : heap[2 * OFFSET];
    }

    /**
     * Removes the earliest event. Its time, handler and data are then available from
     * {@link #polledTime()}, {@link #polledHandler()} and {@link #polledData()}.
     *
     * @return false when the queue is empty
     */
    public boolean poll() {
        settle();
        if (n == 0) return false;
        int slot = (int) (heap[2 * OFFSET + 1] & SLOT_MASK);
        polledTime = heap[2 * OFFSET];
        polledHandler = handler[slot];
        polledData = data[slot];
        freeSlot(slot);
        live--;
        rootConsumed = true;
        return true;
    }

    public long polledTime() {
        return polledTime;
    }

    public EventHandler polledHandler() {
        return polledHandler;
    }

    public int polledData() {
        return polledData;
    }

    /** True while the event of {@code handle} is pending. */
    public boolean isPending(long handle) {
        int slot = (int) handle;
        return slot >= 0 && slot < slotCount && generation[slot] == (int) (handle >>> 32) && slotSeq[slot] >= 0;
    }

    /** Time of a pending event. */
    public long timeOf(long handle) {
        if (!isPending(handle)) throw new IllegalArgumentException("event is not pending");
        return slotTime[(int) handle];
    }

    /** Cancels a pending event. Returns false if it already fired or was cancelled. */
    public boolean cancel(long handle) {
        if (!isPending(handle)) return false;
        freeSlot((int) handle);
        live--;
        stale++;
        maybeSweep();
        return true;
    }

    /**
     * Moves a pending event to a new time in O(log n). It is ordered after every event already
     * scheduled for that time, as if it had been scheduled anew; its handle stays valid.
     */
    public boolean reschedule(long handle, long newTime) {
        if (!isPending(handle)) return false;
        stale++;
        push(newTime, (int) handle);
        maybeSweep();
        return true;
    }

    public void clear() {
        for (int i = 0; i < slotCount; i++) {
            if (slotSeq[i] >= 0) {
                slotSeq[i] = -1;
                handler[i] = null;
                generation[i]++;
                freeSlots[freeCount++] = i;
            }
        }
        Arrays.fill(heap, Long.MAX_VALUE);
        n = 0;
        stale = 0;
        live = 0;
        rootConsumed = false;
    }

    // ---------------------------------------------------------------- internals

    private void push(long time, int slot) {
        long seq = nextSeq++;
        if (seq > MAX_SEQ) throw new IllegalStateException("more than 2^39 events scheduled in one run");
        slotSeq[slot] = seq;
        slotTime[slot] = time;
        long key = (seq << SLOT_BITS) | slot;
        if (rootConsumed) {
            rootConsumed = false;
            siftDown(0, time, key);
        } else {
            int k = n++;
            if (2 * (k + OFFSET + 4) >= heap.length) {
                int old = heap.length;
                heap = Arrays.copyOf(heap, old * 2);
                Arrays.fill(heap, old, heap.length, Long.MAX_VALUE);
            }
            siftUp(k, time, key);
        }
    }

    /** Removes a consumed top and any stale entries that have come to the top. */
    private void settle() {
        if (rootConsumed) {
            rootConsumed = false;
            removeTop();
        }
        while (n > 0 && isStale(heap[2 * OFFSET + 1])) {
            stale--;
            removeTop();
        }
    }

    private boolean isStale(long key) {
        return slotSeq[(int) (key & SLOT_MASK)] != (key >>> SLOT_BITS);
    }

    private void removeTop() {
        int last = --n;
        int li = 2 * (last + OFFSET);
        long t = heap[li];
        long key = heap[li + 1];
        heap[li] = Long.MAX_VALUE; // the vacated position becomes a sentinel
        heap[li + 1] = Long.MAX_VALUE;
        if (last > 0) siftDown(0, t, key);
    }

    private void siftUp(int k, long time, long key) {
        final long[] h = heap;
        while (k > 0) {
            int parent = (k - 1) >>> 2;
            int pi = 2 * (parent + OFFSET);
            long pt = h[pi];
            if (pt < time || (pt == time && h[pi + 1] < key)) break;
            int ki = 2 * (k + OFFSET);
            h[ki] = pt;
            h[ki + 1] = h[pi + 1];
            k = parent;
        }
        int ki = 2 * (k + OFFSET);
        h[ki] = time;
        h[ki + 1] = key;
    }

    /** Sift-down; positions past the end hold sentinels, so every node has four children to compare. */
    private void siftDown(int k, long time, long key) {
        final long[] h = heap;
        final int size = n;
        while (true) {
            int first = (k << 2) + 1;
            if (first >= size) break;
            int fi = 2 * (first + OFFSET);
            int best = fi;
            long bt = h[fi];
            long bk = h[fi + 1];
            for (int ci = fi + 2; ci < fi + 8; ci += 2) {
                long ct = h[ci];
                if (ct < bt || (ct == bt && h[ci + 1] < bk)) {
                    best = ci;
                    bt = ct;
                    bk = h[ci + 1];
                }
            }
            if (time < bt || (time == bt && key < bk)) break;
            int ki = 2 * (k + OFFSET);
            h[ki] = bt;
            h[ki + 1] = bk;
            k = (best >>> 1) - OFFSET;
        }
        int ki = 2 * (k + OFFSET);
        h[ki] = time;
        h[ki + 1] = key;
    }

    /** Drops stale entries and rebuilds the heap when they outnumber the live ones. */
    private void maybeSweep() {
        if (stale < 1024 || stale <= n / 2) return;
        if (rootConsumed) {
            rootConsumed = false;
            removeTop();
        }
        int m = 0;
        for (int k = 0; k < n; k++) {
            int ki = 2 * (k + OFFSET);
            if (!isStale(heap[ki + 1])) {
                int mi = 2 * (m + OFFSET);
                heap[mi] = heap[ki];
                heap[mi + 1] = heap[ki + 1];
                m++;
            }
        }
        Arrays.fill(heap, 2 * (m + OFFSET), 2 * (n + OFFSET), Long.MAX_VALUE);
        n = m;
        stale = 0;
        for (int k = (n - 2) >>> 2; k >= 0 && n > 1; k--) {
            int ki = 2 * (k + OFFSET);
            siftDown(k, heap[ki], heap[ki + 1]);
        }
    }

    private int allocSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotCount == handler.length) growSlots();
        return slotCount++;
    }

    private void freeSlot(int slot) {
        handler[slot] = null;
        slotSeq[slot] = -1;
        generation[slot]++;
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        if (slotCount >= MAX_PENDING) throw new IllegalStateException("more than " + MAX_PENDING + " events pending");
        int cap = Math.min(MAX_PENDING, handler.length * 2);
        slotSeq = Arrays.copyOf(slotSeq, cap);
        slotTime = Arrays.copyOf(slotTime, cap);
        generation = Arrays.copyOf(generation, cap);
        handler = Arrays.copyOf(handler, cap);
        data = Arrays.copyOf(data, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
