package capsim.bench;

import capsim.kernel.BinaryHeapEventList;
import capsim.kernel.EventHandler;
import capsim.kernel.EventQueue;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classic hold model: with n events pending, pop the earliest and push one at
 * now + Exp(1) (mean 1 ms in nanoseconds). capsim's {@link EventQueue} against its plain
 * {@link BinaryHeapEventList} and java.util.PriorityQueue of event objects, in the same run. Both read the same precomputed
 * increment table (so the RNG is not measured), start from the same n initial times, and do
 * the same work per hold: take the earliest event's time and data, schedule one event.
 * Each benchmark builds only its own queue, so none pays for another's heap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class HoldBenchmark {
    static final int TABLE = 1 << 16;
    static final EventHandler NOP = d -> { };

    /** Exp(1) increments scaled to a mean of 1 ms, shared by both queues. */
    static long[] increments() {
        Random rnd = new Random(12345);
        long[] inc = new long[TABLE];
        for (int i = 0; i < TABLE; i++) inc[i] = (long) (-Math.log1p(-rnd.nextDouble()) * 1_000_000L);
        return inc;
    }

    @State(Scope.Thread)
    public static class Capsim {
        @Param({"100", "1000", "10000", "100000", "1000000"})
        public int pending;

        long[] increments;
        int next;
        EventQueue queue;

        @Setup(Level.Trial)
        public void setup() {
            increments = increments();
            queue = new EventQueue(pending + 16);
            for (int i = 0; i < pending; i++) queue.add(increments[next++ & (TABLE - 1)], NOP, i);
        }
    }

    @State(Scope.Thread)
    public static class Heap {
        @Param({"100", "1000", "10000", "100000", "1000000"})
        public int pending;

        long[] increments;
        int next;
        BinaryHeapEventList queue;

        @Setup(Level.Trial)
        public void setup() {
            increments = increments();
            queue = new BinaryHeapEventList(pending + 16);
            for (int i = 0; i < pending; i++) queue.add(increments[next++ & (TABLE - 1)], NOP, i);
        }
    }

    /** The baseline's event object: time and sequence, ordered like capsim's. */
    static final class Event implements Comparable<Event> {
        final long time;
        final long seq;
        final EventHandler handler;
        final int data;

        Event(long time, long seq, EventHandler handler, int data) {
            this.time = time;
            this.seq = seq;
            this.handler = handler;
            this.data = data;
        }

        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    @State(Scope.Thread)
    public static class Baseline {
        @Param({"100", "1000", "10000", "100000", "1000000"})
        public int pending;

        long[] increments;
        int next;
        long seq;
        PriorityQueue<Event> queue;

        @Setup(Level.Trial)
        public void setup() {
            increments = increments();
            queue = new PriorityQueue<>(pending + 16);
            for (int i = 0; i < pending; i++) queue.add(new Event(increments[next++ & (TABLE - 1)], seq++, NOP, i));
        }
    }

    @Benchmark
    public int capsimEventQueue(Capsim s) {
        EventQueue q = s.queue;
        q.poll();
        long now = q.polledTime();
        int d = q.polledData();
        q.add(now + s.increments[s.next++ & (TABLE - 1)], NOP, d);
        return d;
    }

    @Benchmark
    public int capsimBinaryHeap(Heap s) {
        BinaryHeapEventList q = s.queue;
        q.poll();
        long now = q.polledTime();
        int d = q.polledData();
        q.add(now + s.increments[s.next++ & (TABLE - 1)], NOP, d);
        return d;
    }

    @Benchmark
    public int javaUtilPriorityQueue(Baseline s) {
        Event e = s.queue.poll();
        s.queue.add(new Event(e.time + s.increments[s.next++ & (TABLE - 1)], s.seq++, NOP, e.data));
        return e.data;
    }
}
