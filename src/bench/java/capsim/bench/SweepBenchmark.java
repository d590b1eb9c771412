package capsim.bench;

import capsim.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The benchmark sweep (experiments/sweeps/benchmark-density.json: 48 runs of 50,000 and
 * 100,000 guests) as the CLI runs it, in a JVM that has already compiled its code: the
 * speed-up of {@code --jobs 2} over {@code --jobs 1} here is what the runs themselves scale by,
 * without the one-time JIT compilation that a cold process pays (and that, with one job, runs
 * on the otherwise idle core). scripts/bench-sweep measures the cold process.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.awt.headless=true"})
@State(Scope.Benchmark)
public class SweepBenchmark {
    @Param({"1", "2"})
    public int jobs;

    @Param({"experiments/sweeps/benchmark-density.json"})
    public String sweep;

    Path out;

    @Setup(Level.Iteration)
    public void setup() throws IOException {
        out = Files.createTempDirectory("capsim-sweep-bench.");
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public int sweep() {
        int code = Main.execute("sweep", sweep, "--jobs", Integer.toString(jobs), "--quiet", "--out", out.toString());
        if (code != 0) throw new IllegalStateException("the sweep exited " + code);
        return code;
    }
}
