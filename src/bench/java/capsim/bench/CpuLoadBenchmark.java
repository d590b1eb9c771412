package capsim.bench;

import capsim.experiment.ExperimentBuilder;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonParser;
import java.nio.file.Path;
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
 * A whole run with the host CPU model busy: N guests of 2 vCPUs started on the seed host (64
 * CPUs), then N x 1000/4096 of them run a busy/idle load (5 s busy, 5 s idle, each at its own
 * phase: 720 changes of the scheduler's allocation per guest) for one simulated hour while
 * the rest of the guests keep running. At N = 4,096 that is 1,000 loaded guests; the growth
 * of the time against N is the simulator's cost of the scheduler model.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CpuLoadBenchmark {
    @Param({"512", "1024", "2048", "4096"})
    public int guests;

    Experiment experiment;

    @Setup(Level.Trial)
    public void setup() {
        int loaded = (int) Math.round(guests * 1000.0 / 4096);
        experiment = ExperimentBuilder.create("cpu-load-bench")
                .host(Path.of("models/hosts/z13-lpar.json"))
                .stack(Path.of("models/stacks/s390-2015-fixed.json"))
                .guest(JsonParser.parseString("{\"memoryMiB\": 1024, \"touchedMiB\": 300, \"vcpus\": 2}").getAsJsonObject())
                .step(JsonParser.parseString("{\"kind\": \"define\", \"count\": " + guests + ", \"concurrency\": 20}").getAsJsonObject())
                .step(JsonParser.parseString("{\"kind\": \"start\", \"count\": " + guests + ", \"concurrency\": 20}").getAsJsonObject())
                .step(JsonParser.parseString("{\"kind\": \"load\", \"guests\": " + loaded + ", \"seconds\": 3600, \"waitForEnd\": true,"
                        + " \"profile\": {\"busyS\": 5, \"idleS\": 5, \"blockIops\": 500, \"netPps\": 1000}}").getAsJsonObject())
                .override("stack.libvirt.daemonNofile", 16384)
                .override("stack.libvirt.daemonNproc", 65536)
                .override("host.sysctl.ptyMax", 8192)
                .build();
    }

    @Benchmark
    public RunResult run() {
        return ExperimentRunner.run(experiment, 1);
    }
}
