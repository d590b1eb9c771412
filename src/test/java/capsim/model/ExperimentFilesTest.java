package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentPaths;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every seed-finding experiment runs, and every wall it reports explains itself: a knob with the
 * JSON path that sets it, or a hard limit with its fix. Each finding's variant (the raised knob
 * or the fix) removes the wall its base experiment hit.
 */
class ExperimentFilesTest {
    static Stream<String> findingExperiments() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("f\\d\\d-.*\\.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("findingExperiments")
    void runsAndEveryWallNamesItsKnobOrFix(String name) {
        RunResult r = Runs.run("experiments/" + name);
        assertTrue(r.metric("sim.events") > 0);
        for (BreakingPoint bp : r.breakingPoints()) {
            assertFalse(bp.knob().isBlank(), name + ": " + bp);
            if (bp.tunable()) {
                assertFalse(ExperimentPaths.of(bp).isBlank(), name + ": a tunable wall gives the path of its knob: " + bp);
                assertTrue(bp.suggested() > bp.limit(), name + ": " + bp);
            } else {
                assertFalse(bp.fix().isBlank(), name + ": a hard wall gives its fix: " + bp);
            }
        }
    }

    /** base experiment, its variant */
    private static final List<String[]> VARIANTS = List.of(
            new String[] {"f05-inotify-watches", "f05-inotify-watches-raised"},
            new String[] {"f06-virtio-net-fds", "f06-virtio-net-fds-raised"},
            new String[] {"f07-select-fd-setsize", "f07-poll"},
            new String[] {"f08-drain-regression", "f08-drain-fixed"},
            new String[] {"f08-drain-regression-4000", "f08-drain-fixed-4000"},
            new String[] {"f09-aio-max-nr", "f09-aio-max-nr-raised"},
            new String[] {"f10-libvirtd-fds", "f12-processes"},
            new String[] {"f12-processes", "f11-ptys"},
            new String[] {"f13-ram-1tb", "f11-ptys"},
            new String[] {"f11-ptys", "f15-4096-guests"},
            new String[] {"f14-machined-hangs", "f14-machined-fixed"},
            new String[] {"f16-arenas-strict-overcommit", "f16-arenas-malloc-arena-max"});

    @Test
    void eachVariantRemovesTheWallOfItsBase() {
        for (String[] v : VARIANTS) {
            RunResult base = Runs.run("experiments/" + v[0] + ".json");
            assertFalse(base.breakingPoints().isEmpty(), v[0] + " hits a wall");
            String wall = base.breakingPoints().get(0).resource();
            RunResult variant = Runs.run("experiments/" + v[1] + ".json");
            if (v[0].startsWith("f16")) {
                // the knob lowers the commit per guest: the same wall, further out
                assertTrue(Runs.started(variant) > Runs.started(base), v[1]);
            } else {
                assertNull(Runs.wall(variant, wall), v[1] + " still hits " + wall);
                assertTrue(Runs.started(variant) > Runs.started(base) || base.metric("guests.failed") == 0, v[1]);
            }
        }
    }
}
