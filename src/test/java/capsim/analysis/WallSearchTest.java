package capsim.analysis;

import static org.junit.jupiter.api.Assertions.*;

import capsim.model.qemu.QemuProcess;
import capsim.scenario.Experiment;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Limits planted on the seed host's models through overrides: the search must find them in
 * order, at the counts the model's per-guest costs imply, with the values the target needs.
 */
class WallSearchTest {
    static final Path QUICKSTART = Path.of("experiments/quickstart.json");
    static final WallSearch.Target TARGET = new WallSearch.Target(List.of("steps[0].count", "steps[1].count"), 300);

    static Map<String, JsonElement> planted(long libvirtdNofile, long ptyMax, long qemuUserNproc) {
        Map<String, JsonElement> m = new LinkedHashMap<>();
        m.put("stack.libvirt.daemonNofile", new JsonPrimitive(libvirtdNofile));
        m.put("host.sysctl.ptyMax", new JsonPrimitive(ptyMax));
        m.put("host.qemuUserNproc", new JsonPrimitive(qemuUserNproc));
        return m;
    }

    @Test
    void findsThreePlantedLimitsInOrderAtTheCountsTheyImply() {
        long nofile = 232;
        long ptys = 150;
        long nproc = 800;
        Map<String, JsonElement> base = planted(nofile, ptys, nproc);
        Experiment e = Overrides.load(QUICKSTART, base).experiment();
        var lv = e.stack().libvirt();
        long ptysPerGuest = e.guest().console() ? 1 : 0;
        long tasksPerGuest = QemuProcess.threadsFor(e.stack().qemu(), e.guest());
        long fdsPerQemu = QemuProcess.fdsFor(e.stack().qemu(), e.guest());
        assertTrue(fdsPerQemu <= nofile, "QEMU inherits the daemon's limit: keep its own table out of the way");
        long n = TARGET.value();

        // the largest guest count each limit lets through, + 1 = where it bites
        long libvirtdBites = (nofile - lv.daemonBaseFds()) / lv.daemonFdsPerGuest() + 1;
        long ptyBites = ptys / ptysPerGuest + 1;
        long nprocBites = nproc / tasksPerGuest + 1;
        assertTrue(libvirtdBites < ptyBites && ptyBites < nprocBites && nprocBites <= n, "planted in this order");

        WallSearch.Result r = new WallSearch(QUICKSTART, base, TARGET, 1, null).search();
        assertTrue(r.reachable(), r.blockedBy());
        assertEquals(List.of("libvirtd.nofile", "kernel.pty.max", "qemu-user.nproc"),
                r.walls().stream().map(WallSearch.Wall::resource).toList());
        assertEquals(List.of(libvirtdBites, ptyBites, nprocBites), r.walls().stream().map(WallSearch.Wall::bitesAt).toList());
        assertEquals(List.of((double) lv.daemonBaseFds() + lv.daemonFdsPerGuest() * n, (double) ptysPerGuest * n,
                (double) tasksPerGuest * n), r.walls().stream().map(WallSearch.Wall::neededValue).toList());
        assertEquals(List.of("stack.libvirt.daemonNofile", "host.sysctl.ptyMax", "host.qemuUserNproc"),
                r.walls().stream().map(WallSearch.Wall::knobPath).toList());
        assertEquals(List.of((double) nofile, (double) ptys, (double) nproc),
                r.walls().stream().map(WallSearch.Wall::currentValue).toList());
        // bisection, not a linear scan: a few dozen runs for three walls below 300
        assertTrue(r.runs() < 60, r.runs() + " runs");
    }

    @Test
    void findsTheKnobValueByBisectionWhenItsUnitsDifferFromTheLimits() {
        // host RAM is set in GiB (host.ramGiB) but the pool counts MiB of usable RAM
        Map<String, JsonElement> base = new LinkedHashMap<>();
        base.put("host.ramGiB", new JsonPrimitive(50));
        Experiment e = Overrides.load(QUICKSTART, base).experiment();
        double reserved = e.host().hostReservedGiB();
        long perGuestMiB = (long) Math.ceil(e.guest().residentMiB() + e.stack().qemu().overheadMiB());
        long usableMiB = (long) Math.floor((50 - reserved) * 1024);
        long bites = usableMiB / perGuestMiB + 1;
        long neededGiB = (long) Math.ceil(reserved + (double) perGuestMiB * TARGET.value() / 1024);

        WallSearch.Result r = new WallSearch(QUICKSTART, base, TARGET, 1, null).search();
        assertTrue(r.reachable());
        assertEquals(1, r.walls().size());
        WallSearch.Wall w = r.walls().get(0);
        assertEquals("host.memory", w.resource());
        assertEquals("host.ramGiB", w.knobPath());
        assertEquals(bites, w.bitesAt());
        assertEquals(neededGiB, (long) w.neededValue(), "just enough: one GiB less would not do");
    }

    @Test
    void noWallWhenTheTargetPasses() {
        WallSearch.Result r = new WallSearch(QUICKSTART, Map.of(), new WallSearch.Target(List.of("steps[0].count", "steps[1].count"), 50),
                1, null).search();
        assertTrue(r.reachable());
        assertTrue(r.walls().isEmpty());
        assertEquals(1, r.runs());
    }
}
