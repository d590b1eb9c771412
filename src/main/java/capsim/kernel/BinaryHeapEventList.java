package capsim.kernel;

import java.util.Arrays;

/**
 * A plain binary heap of pending events on primitive arrays: the reference {@link EventList}
 * beside the ladder {@link EventQueue}, with the same semantics and the same handles.
 *
 * <p>A heap position holds two longs, the time and a key {@code seq << 24 | slot}; comparing
 * (time, key) orders events by time and, on equal times, by the order they were scheduled
 * (FIFO). The event's handler and data live in a slot recycled through a free list, and the
 * slot records its heap position, so cancel and reschedule find the entry directly and repair
 * the heap in O(log n), like schedule and poll. Nothing is deleted lazily: every stored entry is
 * live. A handle is the event's first key ({@code birthSeq << 24 | slot}); the slot keeps its
 * birth sequence number, so a handle whose event fired or was cancelled never matches a reused
 * slot. The steady state allocates nothing.
 */
public final class BinaryHeapEventList implements EventList {
    private static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Most events pending at once (slot numbers fit in 24 bits). */
    public static final int MAX_PENDING = 1 << SLOT_BITS;
    private static final long MAX_SEQ = (1L << (63 - SLOT_BITS)) - 2;

    // ---- slots
    private long[] birth;        // sequence number at scheduling: the handle's identity
    private int[] data;
    private int[] pos;           // heap position of the slot's entry; -1 when free
    private EventHandler[] handler;
    private int[] freeSlots;
    private int freeCount;
    private int slotCount;
    private long nextSeq;

    // ---- heap: position i holds time[i], key[i]
    private long[] time;
    private long[] key;
    private int n;

    // ---- the last polled event
    private long polledTime;
    private EventHandler polledHandler;
    private int polledData;

    public BinaryHeapEventList() {
        this(64);
    }

    public BinaryHeapEventList(int initialCapacity) {
        int cap = Math.max(8, Math.min(MAX_PENDING, initialCapacity));
        birth = new long[cap];
        data = new int[cap];
        pos = new int[cap];
        handler = new EventHandler[cap];
        freeSlots = new int[cap];
        time = new long[cap];
        key = new long[cap];
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public boolean isEmpty() {
        return n == 0;
    }

    @Override
    public long add(long t, EventHandler h, int d) {
        int slot = allocSlot();
        long seq = nextSeq++;
        if (seq > MAX_SEQ) throw new IllegalStateException("more than 2^39 events scheduled in one run");
        birth[slot] = seq;
        data[slot] = d;
        if (handler[slot] != h) handler[slot] = h;
        long k = (seq << SLOT_BITS) | slot;
        siftUp(n++, t, k);
        return k;
    }

    @Override
    public long peekTime() {
        return n == 0 ? Long.MAX_VALUE : time[0];
    }

    @Override
    public boolean poll() {
        if (n == 0) return false;
        polledTime = time[0];
        int slot = (int) (key[0] & SLOT_MASK);
        polledHandler = handler[slot];
        polledData = data[slot];
        freeSlot(slot);
        removeAt(0);
        return true;
    }

    @Override
    public long polledTime() {
        return polledTime;
    }

    @Override
    public EventHandler polledHandler() {
        return polledHandler;
    }

    @Override
    public int polledData() {
        return polledData;
    }

    @Override
    public boolean isPending(long handle) {
        int slot = (int) (handle & SLOT_MASK);
        return slot < slotCount && pos[slot] >= 0 && birth[slot] == handle >>> SLOT_BITS;
    }

    @Override
    public long timeOf(long handle) {
        if (!isPending(handle)) throw new IllegalArgumentException("event is not pending");
        return time[pos[(int) (handle & SLOT_MASK)]];
    }

    @Override
    public boolean cancel(long handle) {
        if (!isPending(handle)) return false;
        int slot = (int) (handle & SLOT_MASK);
        int i = pos[slot];
        freeSlot(slot);
        removeAt(i);
        return true;
    }

    @Override
    public boolean reschedule(long handle, long newTime) {
        if (!isPending(handle)) return false;
        int slot = (int) (handle & SLOT_MASK);
        long seq = nextSeq++;
        if (seq > MAX_SEQ) throw new IllegalStateException("more than 2^39 events scheduled in one run");
        long k = (seq << SLOT_BITS) | slot;
        int i = pos[slot];
        // the new key is larger than any in the heap: only an earlier time can move it up
        if (i > 0 && before(newTime, k, time[(i - 1) >>> 1], key[(i - 1) >>> 1])) siftUp(i, newTime, k);
        else siftDown(i, newTime, k);
        return true;
    }

    @Override
    public void clear() {
        // in slot order, as EventQueue frees them: both then hand out the same handles afterwards
        for (int i = 0; i < slotCount; i++) if (pos[i] >= 0) freeSlot(i);
        Arrays.fill(handler, null);
        n = 0;
    }

    // ---------------------------------------------------------------- heap

    private static boolean before(long t1, long k1, long t2, long k2) {
        return t1 < t2 || (t1 == t2 && k1 < k2);
    }

    /** Removes the entry at heap position {@code i} (its slot already freed). */
    private void removeAt(int i) {
        int last = --n;
        if (i == last) return;
        long t = time[last];
        long k = key[last];
        if (i > 0 && before(t, k, time[(i - 1) >>> 1], key[(i - 1) >>> 1])) siftUp(i, t, k);
        else siftDown(i, t, k);
    }

    /** Places (t, k) at or above position {@code i}, moving larger parents down. */
    private void siftUp(int i, long t, long k) {
        final long[] ht = time;
        final long[] hk = key;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = ht[parent];
            long pk = hk[parent];
            if (!before(t, k, pt, pk)) break;
            ht[i] = pt;
            hk[i] = pk;
            pos[(int) (pk & SLOT_MASK)] = i;
            i = parent;
        }
        ht[i] = t;
        hk[i] = k;
        pos[(int) (k & SLOT_MASK)] = i;
    }

    /** Places (t, k) at or below position {@code i}, moving smaller children up. */
    private void siftDown(int i, long t, long k) {
        final long[] ht = time;
        final long[] hk = key;
        final int size = n;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            long ct = ht[child];
            long ck = hk[child];
            int right = child + 1;
            if (right < size && before(ht[right], hk[right], ct, ck)) {
                child = right;
                ct = ht[right];
                ck = hk[right];
            }
            if (!before(ct, ck, t, k)) break;
            ht[i] = ct;
            hk[i] = ck;
            pos[(int) (ck & SLOT_MASK)] = i;
            i = child;
        }
        ht[i] = t;
        hk[i] = k;
        pos[(int) (k & SLOT_MASK)] = i;
    }

    // ---------------------------------------------------------------- slots

    private int allocSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotCount == handler.length) growSlots();
        return slotCount++;
    }

    /** A free slot keeps its last handler until reused or {@link #clear()}ed, as in {@link EventQueue}. */
    private void freeSlot(int slot) {
        pos[slot] = -1;
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        if (slotCount >= MAX_PENDING) throw new IllegalStateException("more than " + MAX_PENDING + " events pending");
        int cap = Math.min(MAX_PENDING, handler.length * 2);
        birth = Arrays.copyOf(birth, cap);
        data = Arrays.copyOf(data, cap);
        pos = Arrays.copyOf(pos, cap);
        handler = Arrays.copyOf(handler, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
        time = Arrays.copyOf(time, cap);
        key = Arrays.copyOf(key, cap);
    }
}
