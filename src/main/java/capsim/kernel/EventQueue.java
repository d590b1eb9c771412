package capsim.kernel;

import java.util.Arrays;

/**
 * The default {@link EventList}: a ladder queue (Tang, Goh and Thng, ACM TOMACS 2005) on
 * primitive arrays, whose bottom is a sorted run plus a small heap.
 *
 * <p><b>Entries.</b> An entry is two longs: the time, and a key {@code seq << 24 | slot}.
 * Comparing (time, key) orders events by time and, on equal times, by the order they were
 * scheduled (FIFO). The event's handler and data live in a slot (one strided {@code long[]}
 * record plus the handler array), recycled through a free list, so the steady state allocates
 * nothing.
 *
 * <p><b>Tiers.</b> Every pending entry sits in exactly one tier, chosen by its time:
 * <ul>
 *   <li>the <i>bottom</i>, times below the lower bound of the finest rung: a sorted run (one
 *       small bucket, counting-sorted into 32 sub-ranges, then insertion-sorted) plus a 4-ary
 *       heap for events scheduled into the bottom's range later, or for a bucket that cannot be
 *       split (all times equal);
 *   <li><i>rungs</i>: arrays of unsorted buckets of width 2^shift; rung r+1 was spawned from one
 *       crowded bucket of rung r, with finer buckets;
 *   <li>the <i>top</i>: one unsorted list of the far future.
 * </ul>
 * Scheduling appends to a bucket or the top in O(1); entries are sorted only in runs of at
 * most {@value #RUN_MAX}. A new rung's bucket width is the power of two nearest below
 * range * {@value #FILL} / count of the entries it spreads, so widths follow the data (a
 * nanosecond crowd under one 30 s timeout gets nanosecond buckets) and shrink with each rung.
 * A bucket that cannot be split, or one at the rung limit, goes to the heap: the worst case is
 * the heap's O(log n), never a calendar queue's O(n). Buckets and the top are chains of
 * 16-entry chunks from one pool.
 *
 * <p><b>Cancel and reschedule</b> are lazy: a slot records the sequence number of its live
 * entry; an entry whose number no longer matches is stale and is dropped when it reaches the
 * bottom's front, and when stale entries outnumber live ones, every live entry is swept back
 * into the top (the ladder rebuilds on demand). Cancel is O(1), reschedule O(1) amortized
 * (O(log n) into the heap). The staleness check is skipped while nothing is stale. A handle is
 * the event's first key ({@code birthSeq << 24 | slot}); the slot keeps its birth sequence
 * number, so a handle whose event fired or was cancelled never matches a reused slot.
 *
 * <p>{@link #poll()} removes a heap top lazily: a "pop the earliest, schedule one" step into
 * the heap then costs one sift-down instead of two.
 */
public final class EventQueue implements EventList {
    private static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Most events pending at once (slot numbers fit in 24 bits). */
    public static final int MAX_PENDING = 1 << SLOT_BITS;
    /** Keys stay below Long.MAX_VALUE, which marks empty heap and run positions. */
    private static final long MAX_SEQ = (1L << (63 - SLOT_BITS)) - 2;

    /** A slot's record: four longs in one array, so reading a polled event touches one place. */
    private static final int REC = 4;
    private static final int SEQ = 0;   // sequence number of the live entry; -1 when free
    private static final int TIME = 1;
    private static final int BIRTH = 2; // sequence number at scheduling: the handle's identity
    private static final int DATA = 3;

    /** A bucket this small is sorted into the run; a larger one is split into a finer rung. */
    static final int RUN_MAX = 32;
    /** Average entries per bucket a new rung aims at (at most; at least half of it). */
    static final int FILL = 24;
    static final int MAX_RUNGS = 24;
    private static final int MAX_BUCKET_BITS = 20;
    private static final int CHUNK_BITS = 4;
    private static final int CHUNK = 1 << CHUNK_BITS; // entries per chunk
    /** Logical heap index k lives at 2 * (k + OFFSET): the children of k share a cache line. */
    private static final int OFFSET = 3;
    private static final int SWEEP_MIN = 1024;
    /** How far ahead polling a crowd run prefetches slots. */
    private static final int PREFETCH_AHEAD = 32;

    // ---- slots
    private long[] rec;
    private EventHandler[] handler;
    private int[] freeSlots;
    private int freeCount;
    private int slotCount;
    private int live;
    private long nextSeq;
    private int stale;           // entries whose slot has moved on (cancelled or rescheduled)
    private long prefetchSink;   // keeps the prefetching reads alive

    // ---- bottom: sorted run [runHead, runEnd) (long indices), then sentinel
    private long[] run = new long[2 * RUN_MAX + 2]; // grows for a crowd of equal times
    private final long[] scratch = new long[2 * RUN_MAX];
    private static final int SUB_BITS = 5;
    private static final int SUBS = 1 << SUB_BITS;
    private final int[] subCount = new int[SUBS + 1];
    private int runHead;
    private int runEnd;
    // ---- bottom: heap
    private long[] heap;
    private int n;
    private boolean rootConsumed; // the heap top was polled but not yet removed

    // ---- rungs, 0 = coarsest; rung r holds times in [rungLow[r], rungLow[r-1]) (topStart for r = 0)
    private int rungs;
    private final long[] rungStart = new long[MAX_RUNGS];  // start of bucket 0
    private final long[] rungLow = new long[MAX_RUNGS];    // lower bound of what the rung still holds
    private final int[] rungShift = new int[MAX_RUNGS];
    private final int[] rungBuckets = new int[MAX_RUNGS];
    private final int[] rungNext = new int[MAX_RUNGS];     // next bucket to drain
    private final int[] rungCount = new int[MAX_RUNGS];
    private final int[][] buckets = new int[MAX_RUNGS][];  // per bucket: head chunk, tail chunk, count

    // ---- top: times >= topStart
    private long topStart = Long.MIN_VALUE;
    private int topHead;
    private int topTail;
    private int topCount;
    private long topMin = Long.MAX_VALUE;
    private long topMax = Long.MIN_VALUE;

    // ---- chunk pool
    private long[] chunks;
    private int[] chunkNext;
    private int chunkUsed;
    private int chunkFree = -1;

    // ---- the last polled event
    private long polledTime;
    private EventHandler polledHandler;
    private int polledData;

    public EventQueue() {
        this(64);
    }

    public EventQueue(int initialCapacity) {
        int cap = Math.max(8, Math.min(MAX_PENDING, initialCapacity));
        rec = new long[cap * REC];
        handler = new EventHandler[cap];
        freeSlots = new int[cap];
        heap = new long[2 * (64 + OFFSET + 4)];
        Arrays.fill(heap, Long.MAX_VALUE);
        run[0] = Long.MAX_VALUE;
        run[1] = Long.MAX_VALUE;
        int c = cap / CHUNK * 2 + 16;
        chunks = new long[c * 2 * CHUNK];
        chunkNext = new int[c];
    }

    /** Number of pending events. */
    @Override
    public int size() {
        return live;
    }

    @Override
    public boolean isEmpty() {
        return live == 0;
    }

    /** Schedules an event at absolute time {@code time}; returns its handle. */
    @Override
    public long add(long time, EventHandler h, int d) {
        int slot = allocSlot();
        long seq = nextSeq++;
        if (seq > MAX_SEQ) throw new IllegalStateException("more than 2^39 events scheduled in one run");
        int ri = slot * REC;
        long[] r = rec;
        r[ri + SEQ] = seq;
        r[ri + TIME] = time;
        r[ri + BIRTH] = seq;
        r[ri + DATA] = d;
        if (handler[slot] != h) handler[slot] = h; // skipping an unchanged store skips G1's write barrier
        live++;
        long key = (seq << SLOT_BITS) | slot;
        insert(time, key);
        return key;
    }

    /** Time of the earliest pending event; {@link Long#MAX_VALUE} when empty. */
    @Override
    public long peekTime() {
        if (!settle()) return Long.MAX_VALUE;
        return Math.min(run[runHead], heap[2 * OFFSET]);
    }

    /**
     * Removes the earliest event. Its time, handler and data are then available from
     * {@link #polledTime()}, {@link #polledHandler()} and {@link #polledData()}.
     *
     * @return false when the queue is empty
     */
    @Override
    public boolean poll() {
        if (!settle()) return false;
        long rt = run[runHead];
        long ht = heap[2 * OFFSET];
        long key;
        if (rt < ht || (rt == ht && run[runHead + 1] < heap[2 * OFFSET + 1])) {
            polledTime = rt;
            key = run[runHead + 1];
            runHead += 2;
            int ahead = runHead + 2 * PREFETCH_AHEAD;
            if (ahead < runEnd) touchSlot(run[ahead + 1]); // only in a long crowd run
        } else {
            polledTime = ht;
            key = heap[2 * OFFSET + 1];
            rootConsumed = true;
        }
        int slot = (int) (key & SLOT_MASK);
        polledHandler = handler[slot];
        polledData = (int) rec[slot * REC + DATA];
        freeSlot(slot);
        live--;
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

    /** True while the event of {@code handle} is pending. */
    @Override
    public boolean isPending(long handle) {
        int slot = (int) (handle & SLOT_MASK);
        return slot < slotCount && rec[slot * REC + SEQ] >= 0 && rec[slot * REC + BIRTH] == handle >>> SLOT_BITS;
    }

    /** Time of a pending event. */
    @Override
    public long timeOf(long handle) {
        if (!isPending(handle)) throw new IllegalArgumentException("event is not pending");
        return rec[(int) (handle & SLOT_MASK) * REC + TIME];
    }

    /** Cancels a pending event. Returns false if it already fired or was cancelled. */
    @Override
    public boolean cancel(long handle) {
        if (!isPending(handle)) return false;
        freeSlot((int) (handle & SLOT_MASK));
        live--;
        stale++;
        maybeSweep();
        return true;
    }

    /**
     * Moves a pending event to a new time. It is ordered after every event already scheduled
     * for that time, as if it had been scheduled anew; its handle stays valid.
     */
    @Override
    public boolean reschedule(long handle, long newTime) {
        if (!isPending(handle)) return false;
        int slot = (int) (handle & SLOT_MASK);
        long seq = nextSeq++;
        if (seq > MAX_SEQ) throw new IllegalStateException("more than 2^39 events scheduled in one run");
        rec[slot * REC + SEQ] = seq;
        rec[slot * REC + TIME] = newTime;
        stale++;
        insert(newTime, (seq << SLOT_BITS) | slot);
        maybeSweep();
        return true;
    }

    @Override
    public void clear() {
        for (int i = 0; i < slotCount; i++) {
            if (rec[i * REC + SEQ] >= 0) freeSlot(i);
        }
        Arrays.fill(handler, null);
        live = 0;
        stale = 0;
        resetTiers();
        chunkUsed = 0;
        chunkFree = -1;
    }

    /** Entries held in all tiers, live and stale (for tests: stale ones must not pile up). */
    int storedEntries() {
        int entries = (runEnd - runHead) / 2 + n - (rootConsumed ? 1 : 0) + topCount;
        for (int r = 0; r < rungs; r++) entries += rungCount[r];
        return entries;
    }

    // ---------------------------------------------------------------- insertion

    private void insert(long time, long key) {
        if (time >= topStart) {
            topAppend(time, key);
            return;
        }
        for (int r = 0, m = rungs; r < m; r++) {
            if (time >= rungLow[r]) {
                bucketAppend(r, time, key);
                return;
            }
        }
        heapPush(time, key);
    }

    private void topAppend(long time, long key) {
        int c = topCount;
        int pos = c & (CHUNK - 1);
        int ch;
        if (pos == 0) {
            ch = newChunk();
            if (c == 0) topHead = ch;
            else chunkNext[topTail] = ch;
            topTail = ch;
        } else {
            ch = topTail;
        }
        int di = ((ch << CHUNK_BITS) + pos) << 1;
        chunks[di] = time;
        chunks[di + 1] = key;
        topCount = c + 1;
        if (time < topMin) topMin = time;
        if (time > topMax) topMax = time;
    }

    private void bucketAppend(int r, long time, long key) {
        int bi = 3 * (int) ((time - rungStart[r]) >>> rungShift[r]);
        int[] bk = buckets[r];
        int c = bk[bi + 2];
        int pos = c & (CHUNK - 1);
        int ch;
        if (pos == 0) {
            ch = newChunk();
            if (c == 0) bk[bi] = ch;
            else chunkNext[bk[bi + 1]] = ch;
            bk[bi + 1] = ch;
        } else {
            ch = bk[bi + 1];
        }
        int di = ((ch << CHUNK_BITS) + pos) << 1;
        chunks[di] = time;
        chunks[di + 1] = key;
        bk[bi + 2] = c + 1;
        rungCount[r]++;
    }

    // ---------------------------------------------------------------- removal

    /**
     * Removes a consumed heap top and stale entries at the bottom's front, and refills the
     * bottom from the rungs or the top when it has run dry. Returns false when nothing is pending.
     */
    private boolean settle() {
        if (rootConsumed) {
            rootConsumed = false;
            removeTop();
        }
        while (true) {
            if (stale != 0) {
                while (runHead < runEnd && isStale(run[runHead + 1])) {
                    runHead += 2;
                    stale--;
                }
                while (n > 0 && isStale(heap[2 * OFFSET + 1])) {
                    removeTop();
                    stale--;
                }
            }
            if (runHead < runEnd || n > 0) return true;
            if (!refill()) return false;
        }
    }

    private boolean isStale(long key) {
        return rec[(int) (key & SLOT_MASK) * REC + SEQ] != (key >>> SLOT_BITS);
    }

    /** Moves the next bucket (splitting it first if crowded) into the empty bottom. */
    private boolean refill() {
        while (true) {
            if (rungs == 0) {
                int c = topCount;
                if (c == 0) return false;
                int head = topHead;
                long min = topMin;
                long max = topMax;
                topCount = 0;
                topMin = Long.MAX_VALUE;
                topMax = Long.MIN_VALUE;
                if (c <= RUN_MAX || min == max) {
                    if (c > RUN_MAX) toCrowd(head, c);
                    else toBottom(head, c, min, 64 - Long.numberOfLeadingZeros(max - min));
                    topStart = saturatingAdd(max, 1);
                    return true;
                }
                topStart = spawn(head, c, min, max);
                continue;
            }
            int r = rungs - 1;
            if (rungCount[r] == 0) {
                rungs--;
                continue;
            }
            int[] bk = buckets[r];
            int b = rungNext[r];
            while (bk[3 * b + 2] == 0) b++;
            int shift = rungShift[r];
            rungNext[r] = b; // rungLow is set past this bucket (or past its child) below
            int c = bk[3 * b + 2];
            int head = bk[3 * b];
            bk[3 * b + 2] = 0;
            rungCount[r] -= c;
            long bucketEnd = saturatingAdd(rungStart[r] + ((long) b << shift), 1L << shift);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            if (c > RUN_MAX) {
                for (int i = 0, ch = head; i < c; ch = chunkNext[ch]) {
                    int end = Math.min(c - i, CHUNK);
                    int di = ch << (CHUNK_BITS + 1);
                    for (int j = 0; j < end; j++, di += 2) {
                        long t = chunks[di];
                        if (t < min) min = t;
                        if (t > max) max = t;
                    }
                    i += end;
                }
            }
            if (c <= RUN_MAX || min == max || rungs == MAX_RUNGS) {
                if (c > RUN_MAX && min == max) toCrowd(head, c);
                else toBottom(head, c, rungStart[r] + ((long) b << shift), shift);
                rungNext[r] = b + 1;
                rungLow[r] = bucketEnd;
                if (rungCount[r] == 0) rungs--;
                return true;
            }
            long childEnd = spawn(head, c, min, max);
            // the parent keeps what lies past the child, in the same bucket
            if (childEnd >= bucketEnd) {
                rungNext[r] = b + 1;
                rungLow[r] = bucketEnd;
            } else {
                rungLow[r] = childEnd;
            }
        }
    }

    /**
     * Spreads {@code c} entries (a chunk chain, times in [min, max], min < max) over a new, finer
     * rung of c / FILL to 2c / FILL buckets. Returns the end of the range the rung covers.
     */
    private long spawn(int head, int c, long min, long max) {
        long range = max - min; // unsigned
        // the widest power of two <= range * FILL / c: buckets then hold FILL/2..FILL on average
        double ideal = (range >= 0 ? (double) range : (range >>> 1) * 2.0) * FILL / c;
        int shift = ideal < 1 ? 0 : Math.getExponent(ideal);
        shift = Math.max(shift, 64 - Long.numberOfLeadingZeros(range) - MAX_BUCKET_BITS);
        int nb = (int) (range >>> shift) + 1; // >= 2, as FILL < c
        int r = rungs++;
        rungStart[r] = min;
        rungLow[r] = min;
        rungShift[r] = shift;
        rungBuckets[r] = nb;
        rungNext[r] = 0;
        rungCount[r] = 0;
        int[] bk = buckets[r];
        if (bk == null || bk.length < 3 * nb) {
            bk = new int[Math.max(3 * nb, bk == null ? 48 : 2 * bk.length)];
            buckets[r] = bk;
        } else {
            Arrays.fill(bk, 0, 3 * nb, 0);
        }
        for (int i = 0, ch = head; i < c; ) {
            int end = Math.min(c - i, CHUNK);
            int di = ch << (CHUNK_BITS + 1);
            int next = chunkNext[ch];
            for (int j = 0; j < end; j++, di += 2) bucketAppend(r, chunks[di], chunks[di + 1]);
            freeChunk(ch); // read to the end before the appends can reuse it
            ch = next;
            i += end;
        }
        long lastStart = min + ((long) (nb - 1) << shift);
        return saturatingAdd(lastStart, 1L << shift);
    }

    /**
     * Moves a chunk chain into the empty bottom. A small one becomes the sorted run: a counting
     * sort by {@code (time - low) >>> (bits - 5)} into 32 sub-ranges leaves it nearly sorted,
     * and an insertion sort finishes it (on ties and clustered times it simply does more work).
     * A larger one (rungs exhausted) is heapified. Times lie in [low, low + 2^bits).
     */
    private void toBottom(int head, int c, long low, int bits) {
        if (c > RUN_MAX) {
            toHeap(head, c); // rungs exhausted
            return;
        }
        final long[] tmp = scratch;
        final int[] cnt = subCount;
        final int s = Math.max(0, bits - SUB_BITS);
        long sink = 0;
        int o = 0;
        for (int i = 0, ch = head; i < c; ) {
            int end = Math.min(c - i, CHUNK);
            int di = ch << (CHUNK_BITS + 1);
            int next = chunkNext[ch];
            for (int j = 0; j < end; j++, di += 2, o += 2) {
                long t = chunks[di];
                long key = chunks[di + 1];
                tmp[o] = t;
                tmp[o + 1] = key;
                cnt[(int) ((t - low) >>> s) + 1]++;
                // touch the slot now: these independent misses overlap, while a miss at
                // poll time would stall it
                int slot = (int) (key & SLOT_MASK);
                sink += rec[slot * REC];
                if (handler[slot] == null) sink++;
            }
            freeChunk(ch);
            ch = next;
            i += end;
        }
        prefetchSink = sink;
        for (int b = 1; b <= SUBS; b++) cnt[b] += cnt[b - 1];
        final long[] a = run;
        for (int i = 0; i < o; i += 2) {
            long t = tmp[i];
            int p = 2 * cnt[(int) ((t - low) >>> s)]++;
            a[p] = t;
            a[p + 1] = tmp[i + 1];
        }
        Arrays.fill(cnt, 0);
        sortRun(o);
        runHead = 0;
        runEnd = o;
        a[o] = Long.MAX_VALUE;
        a[o + 1] = Long.MAX_VALUE;
    }

    /**
     * A crowd of entries at one time is ordered by key alone, and arrives in scheduling order
     * unless a sweep has shuffled it: then it is the run as it stands, popped in O(1) with the
     * slots prefetched ahead. Otherwise it goes to the heap.
     */
    private void toCrowd(int head, int c) {
        if (run.length < 2 * c + 2) run = new long[2 * c + 2];
        final long[] a = run;
        int o = 0;
        boolean sorted = true;
        long prev = -1;
        for (int i = 0, ch = head; i < c; ) {
            int end = Math.min(c - i, CHUNK);
            int next = chunkNext[ch];
            System.arraycopy(chunks, ch << (CHUNK_BITS + 1), a, o, 2 * end);
            for (int j = o + 1, e = o + 2 * end; j < e; j += 2) {
                sorted &= a[j] > prev;
                prev = a[j];
            }
            o += 2 * end;
            freeChunk(ch);
            ch = next;
            i += end;
        }
        if (sorted) {
            for (int i = 1, e = Math.min(o, 2 * PREFETCH_AHEAD); i < e; i += 2) touchSlot(a[i]);
            runEnd = o;
        } else {
            ensureHeap(c);
            System.arraycopy(a, 0, heap, 2 * OFFSET, o);
            heapify(c);
            runEnd = 0;
        }
        runHead = 0;
        a[runEnd] = Long.MAX_VALUE; // the sentinel after the run, which the copy overwrote
        a[runEnd + 1] = Long.MAX_VALUE;
    }

    /** Reads a slot's record and handler so that they are cached when the event is polled. */
    private void touchSlot(long key) {
        int slot = (int) (key & SLOT_MASK);
        prefetchSink += rec[slot * REC] + (handler[slot] == null ? 1 : 0);
    }

    private void heapify(int c) {
        n = c;
        for (int k = (c - 2) >>> 2; k >= 0; k--) {
            int ki = 2 * (k + OFFSET);
            siftDown(k, heap[ki], heap[ki + 1]);
        }
    }

    private void toHeap(int head, int c) {
        ensureHeap(c);
        int o = 2 * OFFSET;
        for (int i = 0, ch = head; i < c; ) {
            int end = Math.min(c - i, CHUNK);
            int next = chunkNext[ch];
            System.arraycopy(chunks, ch << (CHUNK_BITS + 1), heap, o, 2 * end);
            o += 2 * end;
            freeChunk(ch);
            ch = next;
            i += end;
        }
        heapify(c);
    }

    private void sortRun(int end) {
        final long[] a = run;
        for (int i = 2; i < end; i += 2) {
            long t = a[i];
            long k = a[i + 1];
            int j = i - 2;
            while (j >= 0 && (a[j] > t || (a[j] == t && a[j + 1] > k))) {
                a[j + 2] = a[j];
                a[j + 3] = a[j + 1];
                j -= 2;
            }
            a[j + 2] = t;
            a[j + 3] = k;
        }
    }

    // ---------------------------------------------------------------- heap

    private void heapPush(long time, long key) {
        if (rootConsumed) {
            rootConsumed = false;
            siftDown(0, time, key);
            return;
        }
        int k = n++;
        ensureHeap(n);
        siftUp(k, time, key);
    }

    private void ensureHeap(int entries) {
        if (2 * (entries + OFFSET + 4) >= heap.length) {
            int old = heap.length;
            heap = Arrays.copyOf(heap, Math.max(2 * old, 2 * (entries + OFFSET + 8)));
            Arrays.fill(heap, old, heap.length, Long.MAX_VALUE);
        }
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

    // ---------------------------------------------------------------- sweeping stale entries

    private void maybeSweep() {
        if (stale >= SWEEP_MIN && stale > live) sweep();
    }

    /** Moves every live entry back into the top and drops the stale ones; the ladder rebuilds on demand. */
    private void sweep() {
        int oldTopHead = topHead;
        int oldTopCount = topCount;
        topCount = 0;
        topMin = Long.MAX_VALUE;
        topMax = Long.MIN_VALUE;
        for (int i = runHead; i < runEnd; i += 2) keepIfLive(run[i], run[i + 1]);
        for (int k = 0; k < n; k++) {
            int ki = 2 * (k + OFFSET);
            keepIfLive(heap[ki], heap[ki + 1]); // a consumed root is stale: its slot moved on
        }
        for (int r = 0; r < rungs; r++) {
            int[] bk = buckets[r];
            for (int b = rungNext[r], nb = rungBuckets[r]; b < nb; b++) {
                int c = bk[3 * b + 2];
                if (c > 0) {
                    keepLiveOf(bk[3 * b], c);
                    bk[3 * b + 2] = 0;
                }
            }
        }
        keepLiveOf(oldTopHead, oldTopCount);
        resetFront(Math.min(heap.length, 2 * (n + OFFSET + 4)));
        stale = 0;
    }

    private void keepLiveOf(int head, int c) {
        for (int i = 0, ch = head; i < c; ) {
            int end = Math.min(c - i, CHUNK);
            int di = ch << (CHUNK_BITS + 1);
            int next = chunkNext[ch];
            for (int j = 0; j < end; j++, di += 2) keepIfLive(chunks[di], chunks[di + 1]);
            freeChunk(ch); // read to the end before an append can reuse it
            ch = next;
            i += end;
        }
    }

    private void keepIfLive(long time, long key) {
        if (!isStale(key)) topAppend(time, key);
    }

    private void resetTiers() {
        resetFront(heap.length);
        topCount = 0;
        topMin = Long.MAX_VALUE;
        topMax = Long.MIN_VALUE;
    }

    /** Empties the heap (sentinels up to {@code heapFillEnd}), the run and the rungs; the top is left alone. */
    private void resetFront(int heapFillEnd) {
        Arrays.fill(heap, 0, heapFillEnd, Long.MAX_VALUE);
        n = 0;
        rootConsumed = false;
        runHead = 0;
        runEnd = 0;
        run[0] = Long.MAX_VALUE;
        run[1] = Long.MAX_VALUE;
        rungs = 0;
        topStart = Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------- pools

    private int newChunk() {
        int ch = chunkFree;
        if (ch >= 0) {
            chunkFree = chunkNext[ch];
            return ch;
        }
        if (chunkUsed == chunkNext.length) {
            int cap = 2 * chunkNext.length;
            chunkNext = Arrays.copyOf(chunkNext, cap);
            chunks = Arrays.copyOf(chunks, cap * 2 * CHUNK);
        }
        return chunkUsed++;
    }

    private void freeChunk(int ch) {
        chunkNext[ch] = chunkFree;
        chunkFree = ch;
    }

    private int allocSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotCount == handler.length) growSlots();
        return slotCount++;
    }

    /** A free slot keeps its last handler until reused or {@link #clear()}ed: see {@link #add}. */
    private void freeSlot(int slot) {
        rec[slot * REC + SEQ] = -1;
        freeSlots[freeCount++] = slot;
    }

    private void growSlots() {
        if (slotCount >= MAX_PENDING) throw new IllegalStateException("more than " + MAX_PENDING + " events pending");
        int cap = Math.min(MAX_PENDING, handler.length * 2);
        rec = Arrays.copyOf(rec, cap * REC);
        handler = Arrays.copyOf(handler, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }

    /** a + w, w read as unsigned, clamped to Long.MAX_VALUE. */
    private static long saturatingAdd(long a, long w) {
        return Long.compareUnsigned(w, Long.MAX_VALUE - a) > 0 ? Long.MAX_VALUE : a + w;
    }
}
