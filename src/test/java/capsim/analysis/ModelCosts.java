package capsim.analysis;

import capsim.config.Overrides;
import capsim.scenario.ExperimentLoader;
import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resource costs per guest, as the model itself accounts it: its high-water mark with
 * one, two and three guests started (which must grow linearly). Tests plant limits from these
 * costs, so their expectations follow the models as they evolve instead of copying formulas.
 */
public final class ModelCosts {
    public static final Path QUICKSTART = Path.of("experiments/quickstart.json");
    public static final List<String> COUNTS = List.of("steps[0].count", "steps[1].count");
    /**
     * Starts one after the other: libvirtd's fds for a start in flight (userspace §13) would make
     * its cost depend on how many overlap, not only on the guests running.
     */
    public static final String CONCURRENCY = "steps[1].concurrency";

    private ModelCosts() {
    }

    /** A resource's use with n guests running: base + perGuest × n. */
    public record Cost(long base, long perGuest) {
        public long at(long n) {
            return base + perGuest * n;
        }

        /** The first guest count that does not fit under {@code limit}. */
        public long bitesAt(long limit) {
            return (limit - base) / perGuest + 1;
        }
    }

    public static Cost cost(String resource) {
        long[] hw = new long[4];
        for (int n = 1; n <= 3; n++) {
            Map<String, JsonElement> o = new LinkedHashMap<>();
            for (String p : COUNTS) o.put(p, new JsonPrimitive(n));
            o.put(CONCURRENCY, new JsonPrimitive(1));
            RunResult r = ExperimentRunner.run(ExperimentLoader.load(QUICKSTART, o).experiment(), 1);
            assertEquals(RunResult.Outcome.COMPLETED, r.outcome());
            hw[n] = (long) r.metric("hw." + resource);
        }
        long per = hw[2] - hw[1];
        assertTrue(per > 0, resource + " grows with the guests");
        assertEquals(per, hw[3] - hw[2], resource + " grows linearly");
        return new Cost(hw[1] - per, per);
    }
}
