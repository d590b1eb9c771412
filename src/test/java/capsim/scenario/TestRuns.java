package capsim.scenario;

import java.util.List;
import capsim.config.Overrides;
import capsim.stat.Curve;
import capsim.resource.BreakingPoint;
import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads and runs experiment files with overrides, for tests of the stack models. */
public final class TestRuns {
    private TestRuns() {
    }

    /** Loads {@code file} with {@code PATH=VALUE} overrides (values parsed as on the command line). */
    public static Experiment load(String file, String... sets) {
        return ExperimentLoader.load(Path.of(file), Overrides.parseSets(List.of(sets), "--set")).experiment();
    }

    public static RunResult run(String file, String... sets) {
        return run(load(file, sets));
    }

    public static RunResult run(Experiment e) {
        return ExperimentRunner.run(e, e.seed());
    }

    public static Curve curve(RunResult r, String name) {
        for (Curve c : r.curves()) if (c.name().equals(name)) return c;
        throw new AssertionError("no curve " + name + " in " + r.curves().stream().map(Curve::name).toList());
    }

    public static BreakingPoint breakingPoint(RunResult r, String resource) {
        for (BreakingPoint bp : r.breakingPoints()) if (bp.resource().equals(resource)) return bp;
        return null;
    }
}
