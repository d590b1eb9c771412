package capsim.bench;

import capsim.config.Overrides;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import java.nio.file.Path;
import java.util.List;
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
 * Whole runs of the F8 experiment (one guest, n virtio-blk disks, boot with a reset per device):
 * the drain regression against the fix. The modeled cost of the regression is quadratic in the
 * disks; the simulator's work must not be, so both policies should cost about the same per run.
 * Run from the project root (the experiment files are read from experiments/).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DrainBenchmark {
    @Param({"1000", "4000"})
    public int disks;

    @Param({"regression", "fixed"})
    public String policy;

    private Experiment experiment;

    @Setup(Level.Trial)
    public void load() {
        String file = "experiments/f08-drain-" + policy + ".json";
        experiment = ExperimentLoader.load(Path.of(file), Overrides.parseSets(List.of("guest.disks=" + disks), "--set")).experiment();
    }

    @Benchmark
    public RunResult wholeRun() {
        return ExperimentRunner.run(experiment, experiment.seed());
    }
}
