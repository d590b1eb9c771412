package capsim.bench;

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
 * now + Exp(1). capsim's {@link EventQueue} against java.util.PriorityQueue of event objects,
 * in the same run. Increments come from a precomputed table so the RNG is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class HoldBenchmark {
    private static final int TABLE = 1 << 16;
    private static final EventHandler NOP = d -> { };

    @Param({"100", "10000", "1000000"})
    public int pending;

    private long[] increments;
    private int next;
    private EventQueue queue;
    private PriorityQueue<Event> baseline;
    private long seq;

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

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(12345);
        increments = new long[TABLE];
        for (int i = 0; i < TABLE; i++) increments[i] = (long) (-Math.log1p(-rnd.nextDouble()) * 1_000_000L);
        queue = new EventQueue(pending + 16);
        baseline = new PriorityQueue<>(pending + 16);
        for (int i = 0; i < pending; i++) {
            long t = increments[next++ & (TABLE - 1)];
            queue.add(t, NOP, i);
            baseline.add(new Event(t, seq++, NOP, i));
        }
    }

    @Benchmark
    public int capsimEventQueue() {
        queue.poll();
        long now = queue.polledTime();
        int d = queue.polledData();
        queue.add(now + increments[next++ & (TABLE - 1)], NOP, d);
        return d;
    }

    @Benchmark
    public int javaUtilPriorityQueue() {
        Event e = baseline.poll();
        baseline.add(new Event(e.time + increments[next++ & (TABLE - 1)], seq++, NOP, e.data));
        return e.data;
    }
}
