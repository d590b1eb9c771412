package capsim.bench;

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
 * The hold model on skewed time scales, the case a fixed-width calendar queue gets wrong:
 * 90% of increments are Exp with mean 1 µs, 9% are 30 s timeouts, 1% are 1 h dumps.
 * Same structure and fairness rules as {@link HoldBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TimeScalesBenchmark {
    static final int TABLE = HoldBenchmark.TABLE;

    static long[] increments() {
        Random rnd = new Random(12345);
        long[] inc = new long[TABLE];
        for (int i = 0; i < TABLE; i++) {
            int k = rnd.nextInt(100);
            inc[i] = k < 90 ? (long) (-Math.log1p(-rnd.nextDouble()) * 1_000L)
                    : k < 99 ? 30_000_000_000L
                    : 3_600_000_000_000L;
        }
        return inc;
    }

    @State(Scope.Thread)
    public static class Capsim {
        @Param({"100", "10000", "1000000"})
        public int pending;

        long[] increments;
        int next;
        EventQueue queue;

        @Setup(Level.Trial)
        public void setup() {
            increments = increments();
            queue = new EventQueue(pending + 16);
            for (int i = 0; i < pending; i++) queue.add(increments[next++ & (TABLE - 1)], HoldBenchmark.NOP, i);
        }
    }

    @State(Scope.Thread)
    public static class Baseline {
        @Param({"100", "10000", "1000000"})
        public int pending;

        long[] increments;
        int next;
        long seq;
        PriorityQueue<HoldBenchmark.Event> queue;

        @Setup(Level.Trial)
        public void setup() {
            increments = increments();
            queue = new PriorityQueue<>(pending + 16);
            for (int i = 0; i < pending; i++) {
                queue.add(new HoldBenchmark.Event(increments[next++ & (TABLE - 1)], seq++, HoldBenchmark.NOP, i));
            }
        }
    }

    @Benchmark
    public int capsimEventQueue(Capsim s) {
        EventQueue q = s.queue;
        q.poll();
        long now = q.polledTime();
        int d = q.polledData();
        q.add(now + s.increments[s.next++ & (TABLE - 1)], HoldBenchmark.NOP, d);
        return d;
    }

    @Benchmark
    public int javaUtilPriorityQueue(Baseline s) {
        HoldBenchmark.Event e = s.queue.poll();
        s.queue.add(new HoldBenchmark.Event(e.time + s.increments[s.next++ & (TABLE - 1)], s.seq++, HoldBenchmark.NOP, e.data));
        return e.data;
    }
}
