package capsim.kernel;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every test runs over both {@link EventList} implementations: the ladder {@link EventQueue}
 * and the {@link BinaryHeapEventList}. Checks of the ladder's internals (stored stale entries)
 * apply to the EventQueue only, and say so where they stand.
 */
class EventQueueTest {

    private static final EventHandler NOP = d -> { };

    /** An implementation under test, named in the test report. */
    record Impl(String name, IntFunction<EventList> sized) {
        EventList make(int initialCapacity) {
            return sized.apply(initialCapacity);
        }

        /** With the implementation's default capacity (64 for both). */
        EventList make() {
            return sized.apply(64);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Impl> lists() {
        return Stream.of(new Impl("EventQueue", EventQueue::new), new Impl("BinaryHeapEventList", BinaryHeapEventList::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void popsInTimeOrderThenFifoOnTies(Impl impl) {
        EventList q = impl.make(4);
        long[] times = {50, 10, 30, 10, 50, 10, 0, 30};
        for (int i = 0; i < times.length; i++) q.add(times[i], NOP, i);
        List<Integer> order = new ArrayList<>();
        while (q.poll()) order.add(q.polledData());
        // expected: sort by time, stable on insertion order
        assertEquals(List.of(6, 1, 3, 5, 2, 7, 0, 4), order);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesAReferencePriorityQueueOnRandomOperations(Impl impl) {
        Random rnd = new Random(7);
        EventList q = impl.make(2);
        PriorityQueue<long[]> ref = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<long[]> handles = new ArrayList<>();
        long seq = 0;
        long now = 0;
        for (int op = 0; op < 200_000; op++) {
            int r = rnd.nextInt(10);
            if (r < 5 || ref.isEmpty()) {
                long t = now + rnd.nextInt(1000);
                int id = (int) seq;
                long h = q.add(t, NOP, id);
                long[] e = {t, seq++, id, h};
                ref.add(e);
                handles.add(e);
            } else if (r < 8) {
                assertTrue(q.poll());
                long[] e = ref.poll();
                assertEquals(e[0], q.polledTime());
                assertEquals((int) e[2], q.polledData());
                now = e[0];
            } else if (r < 9) {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                assertEquals(pending, q.cancel(e[3]));
                if (pending) ref.remove(e);
            } else {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                long nt = now + rnd.nextInt(1000);
                assertEquals(pending, q.reschedule(e[3], nt));
                if (pending) {
                    ref.remove(e);
                    e[0] = nt;
                    e[1] = seq++; // rescheduled events queue behind events already at that time
                    ref.add(e);
                }
            }
            assertEquals(ref.size(), q.size());
        }
    }

    @Test
    void bothImplementationsHandOutTheSameHandlesAndOrder() {
        // the same operations on the ladder and the heap: equal handles, equal answers, equal pops
        Random rnd = new Random(9);
        EventList a = new EventQueue(1);
        EventList b = new BinaryHeapEventList(1);
        List<Long> handles = new ArrayList<>();
        for (int op = 0; op < 200_000; op++) {
            int r = rnd.nextInt(12);
            if (r < 5 || handles.isEmpty()) {
                long t = rnd.nextInt(1 << 20);
                long h = a.add(t, NOP, op);
                assertEquals(h, b.add(t, NOP, op));
                if (handles.size() < 4096) handles.add(h);
                else handles.set(rnd.nextInt(handles.size()), h);
            } else if (r < 8) {
                assertEquals(a.peekTime(), b.peekTime());
                boolean polled = a.poll();
                assertEquals(polled, b.poll());
                if (polled) {
                    assertEquals(a.polledTime(), b.polledTime());
                    assertEquals(a.polledData(), b.polledData());
                }
            } else if (r < 9) {
                long h = handles.get(rnd.nextInt(handles.size()));
                assertEquals(a.cancel(h), b.cancel(h));
            } else if (r < 10) {
                long h = handles.get(rnd.nextInt(handles.size()));
                long t = rnd.nextInt(1 << 20);
                assertEquals(a.reschedule(h, t), b.reschedule(h, t));
            } else if (r < 11) {
                long h = handles.get(rnd.nextInt(handles.size()));
                assertEquals(a.isPending(h), b.isPending(h));
                if (a.isPending(h)) assertEquals(a.timeOf(h), b.timeOf(h));
            } else if (rnd.nextInt(2000) == 0) {
                a.clear();
                b.clear();
            }
            assertEquals(a.size(), b.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void staleHandlesAreRecognised(Impl impl) {
        EventList q = impl.make();
        long h = q.add(5, NOP, 1);
        assertTrue(q.isPending(h));
        assertTrue(q.poll());
        assertFalse(q.isPending(h));
        long h2 = q.add(6, NOP, 2); // reuses the slot
        assertFalse(q.cancel(h), "a fired event's handle must not cancel the slot's new event");
        assertTrue(q.isPending(h2));
        assertTrue(q.cancel(h2));
        assertTrue(q.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void rescheduleMovesAnEventEarlierAndLater(Impl impl) {
        EventList q = impl.make();
        long a = q.add(10, NOP, 1);
        q.add(20, NOP, 2);
        long c = q.add(30, NOP, 3);
        assertTrue(q.reschedule(c, 5));
        assertTrue(q.reschedule(a, 25));
        List<Integer> order = new ArrayList<>();
        while (q.poll()) order.add(q.polledData());
        assertEquals(List.of(3, 2, 1), order);
    }

    /** Drives the queue and a TreeSet reference with the same random operations; times come from {@code next(now)}. */
    private static void compareWithReference(Impl impl, long seed, int ops, int addWeight, LongUnaryOperator next) {
        compareWithReference(impl, seed, ops, addWeight, Integer.MAX_VALUE, next);
    }

    /** As above; above {@code maxSize} pending events, adds turn into cancels (so stale entries pile up and are swept). */
    private static void compareWithReference(Impl impl, long seed, int ops, int addWeight, int maxSize, LongUnaryOperator next) {
        Random rnd = new Random(seed);
        EventList q = impl.make(1);
        // entry: time, seq, id, handle
        TreeSet<long[]> ref = new TreeSet<>(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        List<long[]> handles = new ArrayList<>();
        long seq = 0;
        long now = 0;
        for (int op = 0; op < ops; op++) {
            int r = rnd.nextInt(10 + addWeight);
            if (r >= 10 && ref.size() >= maxSize) r = 6;
            if (r >= 10 || ref.isEmpty()) {
                long t = next.applyAsLong(now);
                long[] e = {t, seq, seq, 0};
                e[3] = q.add(t, NOP, (int) seq);
                seq++;
                ref.add(e);
                if (handles.size() < 4096) handles.add(e);
                else handles.set(rnd.nextInt(handles.size()), e);
            } else if (r < 6) {
                assertEquals(ref.first()[0], q.peekTime());
                assertTrue(q.poll());
                long[] e = ref.pollFirst();
                assertEquals(e[0], q.polledTime());
                assertEquals((int) e[2], q.polledData());
                assertFalse(q.isPending(e[3]));
                now = Math.max(now, e[0]);
            } else if (r < 8) {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                assertEquals(pending, q.isPending(e[3]));
                assertEquals(pending, q.cancel(e[3]));
                if (pending) ref.remove(e);
            } else {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                long nt = next.applyAsLong(now);
                assertEquals(pending, q.reschedule(e[3], nt));
                if (pending) {
                    ref.remove(e);
                    e[0] = nt;
                    e[1] = seq++;
                    ref.add(e);
                    assertEquals(nt, q.timeOf(e[3]));
                }
            }
            assertEquals(ref.size(), q.size());
        }
        while (!ref.isEmpty()) {
            assertTrue(q.poll());
            long[] e = ref.pollFirst();
            assertEquals(e[0], q.polledTime());
            assertEquals((int) e[2], q.polledData());
        }
        assertFalse(q.poll());
        assertEquals(Long.MAX_VALUE, q.peekTime());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceOnExponentialHold(Impl impl) {
        Random t = new Random(1);
        compareWithReference(impl, 11, 300_000, 2, now -> now + (long) (-Math.log1p(-t.nextDouble()) * 1_000_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceOnSkewedTimeScales(Impl impl) {
        // nanosecond costs mixed with 30 s timeouts, hour-long dumps and "never" events
        Random t = new Random(2);
        compareWithReference(impl, 12, 300_000, 1, now -> switch (t.nextInt(20)) {
            case 0 -> Long.MAX_VALUE;
            case 1, 2 -> now + 3_600_000_000_000L * (1 + t.nextInt(5));
            case 3, 4, 5 -> now + 30_000_000_000L;
            case 6, 7 -> now;
            default -> now + t.nextInt(2_000);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceOnEqualTimes(Impl impl) {
        Random t = new Random(3);
        compareWithReference(impl, 13, 200_000, 3, now -> now + t.nextInt(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceOnArbitraryTimesIncludingThePastAndNegatives(Impl impl) {
        // the queue itself does not require monotone time (Simulation does)
        Random t = new Random(4);
        compareWithReference(impl, 14, 200_000, 1, now -> switch (t.nextInt(6)) {
            case 0 -> t.nextLong();
            case 1 -> Long.MIN_VALUE + t.nextInt(10);
            case 2 -> Long.MAX_VALUE - t.nextInt(10);
            default -> t.nextLong() >> t.nextInt(64);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceWhenTheQueueGrowsLarge(Impl impl) {
        Random t = new Random(5);
        compareWithReference(impl, 15, 400_000, 20, now -> now + (long) (-Math.log1p(-t.nextDouble()) * 1_000_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceUnderHeavyCancellation(Impl impl) {
        // timeouts that are almost always cancelled: stale entries outnumber live ones, sweeps run
        Random t = new Random(6);
        compareWithReference(impl, 16, 400_000, 30, 3000, now -> t.nextInt(4) == 0 ? now + t.nextInt(4) : now + 30_000_000_000L + t.nextInt(1000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void matchesReferenceOnCrowdsOfEqualTimesUnderHeavyCancellation(Impl impl) {
        Random t = new Random(7);
        compareWithReference(impl, 17, 400_000, 30, 2000, now -> now + t.nextInt(3) + (t.nextInt(50) == 0 ? 1_000_000 : 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void sweptTiesKeepSchedulingOrder(Impl impl) {
        EventList q = impl.make();
        List<Long> cancelled = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        // ties at a few times, interleaved with events that are cancelled to force a sweep
        for (int i = 0; i < 6000; i++) {
            long h = q.add(100 * (i % 7), NOP, i);
            if (i % 3 != 0) cancelled.add(h);
        }
        q.add(50_000, NOP, -1);
        assertTrue(q.poll()); // builds the ladder, so the sweep gathers from every tier
        assertEquals(0, q.polledData());
        for (long h : cancelled) assertTrue(q.cancel(h));
        for (int t = 0; t < 7; t++) for (int i = 0; i < 6000; i++) if (i % 3 == 0 && i % 7 == t && i != 0) expected.add(i);
        expected.add(-1);
        List<Integer> order = new ArrayList<>();
        while (q.poll()) order.add(q.polledData());
        assertEquals(expected, order);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void aCrowdShuffledByASweepStillPopsInSchedulingOrder(Impl impl) {
        EventList q = impl.make();
        for (int i = 0; i < 100; i++) q.add(i, NOP, i);
        assertTrue(q.poll()); // builds the ladder; time 1 now lies in the bottom's range
        for (int i = 0; i < 200; i++) q.add(1, NOP, 1000 + i); // a crowd in the heap
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertTrue(q.poll()); // pops from the heap shuffle its array
            order.add(q.polledData());
        }
        long[] doomed = new long[2000];
        for (int i = 0; i < doomed.length; i++) doomed[i] = q.add(1_000_000 + i, NOP, -1);
        for (long h : doomed) assertTrue(q.cancel(h)); // forces a sweep: the crowd leaves the heap in array order
        while (q.poll()) order.add(q.polledData());
        List<Integer> expected = new ArrayList<>();
        expected.add(1);
        for (int i = 0; i < 200; i++) expected.add(1000 + i);
        for (int i = 2; i < 100; i++) expected.add(i);
        assertEquals(expected, order);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void eventsLandingPastAFinerRungStayInTheCoarseBucket(Impl impl) {
        EventList q = impl.make();
        // a crowd in [0, 1000) and one event far out: the crowd's bucket is split by a rung that
        // covers only [0, ~1024), so later events between that and the coarse bucket's end
        // must stay in the coarse bucket
        for (int i = 0; i < 1000; i++) q.add(i, NOP, i);
        q.add(1L << 40, NOP, -1);
        assertTrue(q.poll());
        long[] later = {5_000, 1L << 20, (1L << 34) + 3, 1500, (1L << 40) - 1, 1L << 41};
        for (int i = 0; i < later.length; i++) q.add(later[i], NOP, 2000 + i);
        long last = Long.MIN_VALUE;
        int count = 1;
        while (q.poll()) {
            assertTrue(q.polledTime() >= last, q.polledTime() + " after " + last);
            last = q.polledTime();
            count++;
        }
        assertEquals(1001 + later.length, count);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void veryLargeGapsKeepOrder(Impl impl) {
        EventList q = impl.make();
        long[] times = {Long.MAX_VALUE, 1, 3_600_000_000_000L * 24, 0, 2, Long.MAX_VALUE - 1, 30_000_000_000L, 1};
        for (int i = 0; i < times.length; i++) q.add(times[i], NOP, i);
        for (int i = 0; i < 1000; i++) q.add(5 + i, NOP, 100 + i); // a crowd of small times forces rungs
        long last = Long.MIN_VALUE;
        int count = 0;
        List<Integer> maxOrder = new ArrayList<>();
        while (q.poll()) {
            assertTrue(q.polledTime() >= last);
            last = q.polledTime();
            if (last == Long.MAX_VALUE) maxOrder.add(q.polledData());
            count++;
        }
        assertEquals(times.length + 1000, count);
        assertEquals(List.of(0), maxOrder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void manyEqualTimesPopInSchedulingOrder(Impl impl) {
        EventList q = impl.make();
        int n = 20_000;
        long[] handles = new long[n];
        for (int i = 0; i < n; i++) handles[i] = q.add(7, NOP, i);
        // rescheduling to the same time queues the event behind all others
        for (int i = 0; i < n; i += 10) assertTrue(q.reschedule(handles[i], 7));
        List<Integer> order = new ArrayList<>();
        while (q.poll()) {
            assertEquals(7, q.polledTime());
            order.add(q.polledData());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) if (i % 10 != 0) expected.add(i);
        for (int i = 0; i < n; i += 10) expected.add(i);
        assertEquals(expected, order);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void staleEntriesAreSweptSoMemoryTracksLiveEvents(Impl impl) {
        EventList q = impl.make();
        Random rnd = new Random(6);
        long[] handles = new long[1000];
        long now = 0;
        for (int i = 0; i < handles.length; i++) handles[i] = q.add(rnd.nextInt(1_000_000), NOP, i);
        // a timeout pattern: every event is rescheduled many times before it fires
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < handles.length; i++) {
                assertTrue(q.reschedule(handles[i], now + rnd.nextInt(1_000_000)));
            }
            // stored stale entries are the ladder's internals (lazy deletion): EventQueue only
            if (q instanceof EventQueue lq) assertTrue(lq.storedEntries() <= 2 * q.size() + 2048, "stored " + lq.storedEntries());
            assertTrue(q.poll());
            now = q.polledTime();
            int d = q.polledData();
            handles[d] = q.add(now + rnd.nextInt(1_000_000), NOP, d);
        }
        long last = Long.MIN_VALUE;
        int count = 0;
        while (q.poll()) {
            assertTrue(q.polledTime() >= last);
            last = q.polledTime();
            count++;
        }
        assertEquals(handles.length, count);
        if (q instanceof EventQueue lq) assertEquals(0, lq.storedEntries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void cancellingEverythingEmptiesTheQueue(Impl impl) {
        EventList q = impl.make(2);
        long[] handles = new long[5000];
        for (int i = 0; i < handles.length; i++) handles[i] = q.add(i * 1_000L, NOP, i);
        assertTrue(q.poll());
        for (int i = 1; i < handles.length; i++) assertTrue(q.cancel(handles[i]));
        assertTrue(q.isEmpty());
        assertFalse(q.poll());
        assertEquals(Long.MAX_VALUE, q.peekTime());
        q.add(3, NOP, 9);
        assertTrue(q.poll());
        assertEquals(9, q.polledData());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void clearForgetsEverythingAndInvalidatesHandles(Impl impl) {
        EventList q = impl.make();
        long h = 0;
        for (int i = 0; i < 3000; i++) h = q.add(i * 7L, NOP, i);
        q.poll();
        q.clear();
        assertTrue(q.isEmpty());
        assertFalse(q.isPending(h));
        assertFalse(q.poll());
        q.add(1, NOP, 1);
        q.add(0, NOP, 0);
        assertTrue(q.poll());
        assertEquals(0, q.polledData());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void holdAllocatesNothingInTheSteadyState(Impl impl) {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        var threads = (com.sun.management.ThreadMXBean) bean;
        EventList q = impl.make(16);
        Random rnd = new Random(8);
        long[] inc = new long[1 << 12];
        for (int i = 0; i < inc.length; i++) inc[i] = (long) (-Math.log1p(-rnd.nextDouble()) * 1_000_000);
        for (int i = 0; i < 10_000; i++) q.add(inc[i & (inc.length - 1)], NOP, i);
        long[] handles = new long[10_000];
        int k = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 500_000; i++) {
                q.poll();
                int d = q.polledData();
                long h = q.add(q.polledTime() + inc[k++ & (inc.length - 1)], NOP, d);
                handles[d] = h;
                if ((i & 7) == 0) q.reschedule(handles[(i * 31) % handles.length], q.polledTime() + inc[k++ & (inc.length - 1)]);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 500k holds");
        }
    }
}
