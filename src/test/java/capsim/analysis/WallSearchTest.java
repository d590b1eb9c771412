package capsim.analysis;

import capsim.config.Overrides;
import capsim.scenario.ExperimentLoader;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Limits planted on the seed host's models through overrides: the search must find them in
 * order, at the counts the limits imply, with the values the target needs. Per-guest costs come
 * from {@link ModelCosts} (the model's own accounting on one to three guests), so the test checks
 * the search, not a copy of the model's formulas.
 */
class WallSearchTest {
    static final Path QUICKSTART = ModelCosts.QUICKSTART;
    static final List<String> COUNTS = ModelCosts.COUNTS;
    static final WallSearch.Target TARGET = new WallSearch.Target(COUNTS, 300);

    @Test
    void findsThreePlantedLimitsInOrderAtTheCountsTheyImply() {
        ModelCosts.Cost daemonFds = ModelCosts.cost("libvirtd.nofile");
        ModelCosts.Cost ptys = ModelCosts.cost("kernel.pty.max");
        ModelCosts.Cost files = ModelCosts.cost("fs.file-max");
        // plant the limits so that they bite at 101, 151 and 201 guests, in this order
        Map<String, JsonElement> base = new LinkedHashMap<>();
        base.put(ModelCosts.CONCURRENCY, new JsonPrimitive(1));
        base.put("stack.libvirt.daemonNofile", new JsonPrimitive(daemonFds.at(100)));
        base.put("host.sysctl.ptyMax", new JsonPrimitive(ptys.at(150)));
        base.put("host.sysctl.fileMax", new JsonPrimitive(files.at(200)));
        long n = TARGET.value();

        WallSearch.Result r = new WallSearch(QUICKSTART, base, TARGET, 1, null).search();
        assertTrue(r.reachable(), r.blockedBy());
        assertEquals(List.of("libvirtd.nofile", "kernel.pty.max", "fs.file-max"),
                r.walls().stream().map(WallSearch.Wall::resource).toList());
        assertEquals(List.of(daemonFds.bitesAt(daemonFds.at(100)), ptys.bitesAt(ptys.at(150)), files.bitesAt(files.at(200))),
                r.walls().stream().map(WallSearch.Wall::bitesAt).toList());
        assertEquals(List.of(101L, 151L, 201L), r.walls().stream().map(WallSearch.Wall::bitesAt).toList());
        assertEquals(List.of((double) daemonFds.at(n), (double) ptys.at(n), (double) files.at(n)),
                r.walls().stream().map(WallSearch.Wall::neededValue).toList());
        assertEquals(List.of("stack.libvirt.daemonNofile", "host.sysctl.ptyMax", "host.sysctl.fileMax"),
                r.walls().stream().map(WallSearch.Wall::knobPath).toList());
        assertEquals(List.of((double) daemonFds.at(100), (double) ptys.at(150), (double) files.at(200)),
                r.walls().stream().map(WallSearch.Wall::currentValue).toList());
        // bisection, not a linear scan: a few dozen runs for three walls below 300
        assertTrue(r.runs() < 60, r.runs() + " runs");
    }

    @Test
    void findsTheKnobValueByBisectionWhenItsUnitsDifferFromTheLimits() {
        // host RAM is set in GiB (host.ramGiB) but the pool counts MiB of usable RAM
        ModelCosts.Cost mem = ModelCosts.cost("host.memory");
        Map<String, JsonElement> base = new LinkedHashMap<>();
        base.put("host.ramGiB", new JsonPrimitive(50));
        double reserved = ExperimentLoader.load(QUICKSTART, base).experiment().host().hostReservedGiB();
        long usableMiB = (long) Math.floor((50 - reserved) * 1024);
        long neededGiB = (long) Math.ceil(reserved + mem.at(TARGET.value()) / 1024.0);

        WallSearch.Result r = new WallSearch(QUICKSTART, base, TARGET, 1, null).search();
        assertTrue(r.reachable());
        assertEquals(1, r.walls().size());
        WallSearch.Wall w = r.walls().get(0);
        assertEquals("host.memory", w.resource());
        assertEquals("host.ramGiB", w.knobPath());
        assertEquals(mem.bitesAt(usableMiB), w.bitesAt());
        assertEquals(neededGiB, (long) w.neededValue(), "just enough: one GiB less would not do");
    }

    @Test
    void noWallWhenTheTargetPasses() {
        WallSearch.Result r = new WallSearch(QUICKSTART, Map.of(), new WallSearch.Target(COUNTS, 50), 1, null).search();
        assertTrue(r.reachable());
        assertTrue(r.walls().isEmpty());
        assertEquals(1, r.runs());
    }
}
