package capsim.analysis;

import static org.junit.jupiter.api.Assertions.*;

import capsim.resource.BreakingPoint;
import capsim.scenario.ExperimentPaths;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code run}, {@code walls} and {@code tune} give the same knob value for the same experiment: a
 * run at the target suggests for its first wall what the walls search finds that wall needs (by
 * runs, searching upwards where the suggestion would not do), and the tuning plan (no headroom)
 * writes that value. Compared on the first wall only: behind it, a later wall's demand is hidden
 * in a single run by the guests the first wall refused.
 */
class RunWallsAgreementTest {

    @Test
    void migrationPortsBeyondTheRange() {
        agree(Path.of("experiments/f17-migrate-65-concurrent.json"), Map.of(),
                new WallSearch.Target(List.of("steps[0].count"), 100), "libvirt.migration-ports");
    }

    @Test
    void severalAioContextsPerGuest() {
        agree(Path.of("experiments/f09-aio-max-nr.json"), Map.of("guest.disks", new JsonPrimitive(2)),
                new WallSearch.Target(List.of("steps[0].count", "steps[1].count"), 1000), "fs.aio-max-nr");
    }

    @Test
    void pidMaxWithTheRefusedGuestsLaterTasks() {
        Map<String, JsonElement> base = new LinkedHashMap<>();
        base.put("stack.libvirt.daemonNproc", new JsonPrimitive(1_000_000));
        base.put("stack.libvirt.daemonNofile", new JsonPrimitive(100_000));
        base.put("host.sysctl.pidMax", new JsonPrimitive(8000));
        agree(Path.of("experiments/f12-processes.json"), base,
                new WallSearch.Target(List.of("steps[1].count"), 2000), "kernel.pid_max");
    }

    private static void agree(Path file, Map<String, JsonElement> base, WallSearch.Target target, String resource) {
        WallSearch search = new WallSearch(file, base, target, 1, null);
        RunResult run = ExperimentRunner.run(search.atTarget().build(), 1);
        BreakingPoint first = null;
        for (BreakingPoint bp : run.breakingPoints()) {
            if (bp.tunable() && !ExperimentPaths.of(bp).isEmpty()) {
                first = bp;
                break;
            }
        }
        assertNotNull(first, file + " breaks at the target");
        assertEquals(resource, first.resource());

        WallSearch.Result walls = search.search();
        assertTrue(walls.reachable(), walls.blockedBy());
        WallSearch.Wall wall = walls.walls().get(0);
        assertEquals(resource, wall.resource());
        assertEquals(ExperimentPaths.of(first), wall.knobPath());
        assertEquals((double) first.suggestedKnobValue(), wall.neededValue(),
                resource + ": run suggests " + first.suggestedKnobValue() + ", walls needs " + wall.neededValue());

        // and it is the smallest: one less still breaks on this resource at the target
        RunResult less = ExperimentRunner.run(search.atTarget().set(wall.knobPath(), first.suggestedKnobValue() - 1).build(), 1);
        assertTrue(less.breakingPoints().stream().anyMatch(b -> b.resource().equals(resource)),
                resource + ": " + (first.suggestedKnobValue() - 1) + " lets the target through, the suggestion is not the smallest");

        TuningPlan plan = TuningPlan.from("agreement", walls, 0, capsim.model.libvirt.LibvirtDaemon.LIBVIRTD);
        TuningPlan.Setting s = plan.settings().stream().filter(x -> x.resource().equals(resource)).findFirst().orElseThrow();
        assertEquals(first.suggestedKnobValue(), s.value(), "tune writes the value run suggests");
    }
}
