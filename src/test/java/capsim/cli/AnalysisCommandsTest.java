package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import capsim.analysis.ConfigFormats;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** walls, tune, compare and the charts of run, end to end through the command line. */
class AnalysisCommandsTest {
    @TempDir
    Path tmp;

    static final String TARGET = "steps[0].count,steps[1].count=300";

    /** Limits planted on the seed host's models: QEMU's fd table, libvirtd's, the ptys and the qemu user's tasks. */
    static final String[] PLANTED = {"--set", "guest.disks=40", "--set", "stack.libvirt.daemonNofile=232",
        "--set", "host.sysctl.ptyMax=150", "--set", "host.qemuUserNproc=800"};

    private SweepCommandTest.Run cli(String cmd, String... more) {
        String[] args = new String[more.length + PLANTED.length + 6];
        args[0] = cmd;
        args[1] = "experiments/quickstart.json";
        args[2] = "--target";
        args[3] = TARGET;
        args[4] = "--json";
        args[5] = "--out=" + tmp;
        System.arraycopy(PLANTED, 0, args, 6, PLANTED.length);
        System.arraycopy(more, 0, args, 6 + PLANTED.length, more.length);
        return SweepCommandTest.cli(args);
    }

    @Test
    void wallsListsTheWallsInOrderWithTheirKnobs() throws Exception {
        SweepCommandTest.Run r = cli("walls");
        assertEquals(0, r.exit(), r.stderr());
        JsonObject doc = r.json();
        assertTrue(doc.get("reachable").getAsBoolean());
        var walls = doc.getAsJsonArray("walls");
        // 40 disks: 16 + 2 vCPUs + 40 x 2 + 8 = 106 fds per QEMU, under the 232 it inherits from libvirtd;
        // libvirtd's own table bites first (at 101), then the ptys (151), then the qemu user's tasks (201)
        assertEquals("libvirtd.nofile", walls.get(0).getAsJsonObject().get("resource").getAsString());
        assertEquals("kernel.pty.max", walls.get(1).getAsJsonObject().get("resource").getAsString());
        assertEquals("qemu-user.nproc", walls.get(2).getAsJsonObject().get("resource").getAsString());
        Path dir = r.dir();
        for (String f : new String[] {"walls.json", "walls.csv", "report.md", "report.html", "experiment.resolved.json"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertTrue(Files.exists(dir.resolve("charts/walls.png")));
        assertTrue(Files.exists(dir.resolve("charts/target-usage-libvirtd.nofile.svg")), "usage at the target as configured, with its break");
        ChartFiles.assertValidCharts(dir.resolve("charts"));
    }

    @Test
    void tuneWritesFilesInTheirFormatsAndTheReRunPasses() throws Exception {
        // a QEMU fd wall too: with 600 disks QEMU needs more fds than the 232 it inherits from libvirtd
        SweepCommandTest.Run r = cli("tune", "--set", "guest.disks=600");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonObject doc = r.json();
        assertTrue(doc.get("passes").getAsBoolean());
        assertEquals("completed", doc.getAsJsonObject("rerun").get("outcome").getAsString());
        assertEquals(300, doc.getAsJsonObject("rerun").getAsJsonObject("metrics").get("guests.started").getAsInt());
        Path plan = r.dir().resolve("plan");
        Map<String, String> sysctl = ConfigFormats.parseSysctl(Files.readString(plan.resolve("sysctl.d/90-capsim.conf")));
        assertEquals("300", sysctl.get("kernel.pty.max"));
        Map<String, String> qemu = ConfigFormats.parseLibvirtConf(Files.readString(plan.resolve("libvirt/qemu.conf")));
        assertTrue(qemu.containsKey("max_files"), qemu.toString());
        assertEquals("1200", qemu.get("max_processes"), "300 guests x (2 base threads + 2 vCPUs)");
        Map<String, String> unit = ConfigFormats.parseSystemd(Files.readString(plan.resolve("systemd/libvirtd.service.d/90-capsim.conf")));
        assertEquals("632", unit.get("Service.LimitNOFILE"), "32 base fds + 2 per guest x 300");
        assertTrue(Files.exists(plan.resolve("APPLY.md")));
        assertTrue(Files.readString(r.dir().resolve("report.md")).contains("passes"));
    }

    @Test
    void aTargetTheStepsCannotReachIsBadInput() {
        // the steps cannot start more guests than they define: a target must move both counts
        SweepCommandTest.Run r = SweepCommandTest.cli("tune", "experiments/quickstart.json", "--target", "steps[1].count=500",
                "--out=" + tmp);
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("defined"), r.stderr());
    }

    @Test
    void aVariantComparedWithItselfDiffersByZeroWithZeroWidth() throws Exception {
        SweepCommandTest.Run r = SweepCommandTest.cli("compare", "experiments/quickstart.json", "--set", "steps[0].count=60",
                "--set", "steps[1].count=60", "--variant", "same=", "--variant", "again=", "-r", "3", "--json", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.stderr());
        int checked = 0;
        for (JsonElement e : r.json().getAsJsonArray("differences")) {
            JsonObject d = e.getAsJsonObject();
            if (d.get("mean").isJsonNull()) continue;   // a metric no run has
            assertEquals(0.0, d.get("mean").getAsDouble(), 0.0, d.toString());
            assertEquals(0.0, d.get("halfWidth").getAsDouble(), 0.0, d.toString());
            assertEquals(3, d.get("n").getAsInt());
            checked++;
        }
        assertTrue(checked > 10, checked + " metrics compared");
        assertTrue(Files.exists(r.dir().resolve("differences.csv")));
    }

    @Test
    void aComparisonOverAnAxisShowsTheDifferenceAFixMakes() throws Exception {
        // 2 RPC workers instead of 20 with 16 starts in flight: starts queue for a worker
        SweepCommandTest.Run r = SweepCommandTest.cli("compare", "experiments/quickstart.json",
                "--set", "steps[1].concurrency=16", "--variant", "workers20=", "--variant", "workers2=stack.libvirt.maxWorkers=2",
                "--axis", "steps[0].count,steps[1].count=16,32,64", "-r", "2", "--metric", "start.latency.meanS",
                "--json", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.stderr());
        int points = 0;
        for (JsonElement e : r.json().getAsJsonArray("differences")) {
            JsonObject d = e.getAsJsonObject();
            if (!d.get("metric").getAsString().equals("start.latency.meanS")) continue;
            assertEquals("workers2", d.get("variant").getAsString());
            assertTrue(d.get("lower").getAsDouble() > 0, "fewer workers: longer starts, the interval excludes 0: " + d);
            points++;
        }
        assertEquals(3, points);
        Path charts = r.dir().resolve("charts");
        assertTrue(Files.exists(charts.resolve("start.latency.meanS.png")), "variants overlaid in one chart");
        ChartFiles.assertValidCharts(charts);
    }

    @Test
    void runWritesUsageChartsAndAReport() throws Exception {
        SweepCommandTest.Run r = SweepCommandTest.cli("run", "experiments/quickstart.json", "--set", "steps[0].count=600",
                "--set", "steps[1].count=600", "--json", "--out", tmp.toString());
        assertEquals(1, r.exit());
        Path dir = r.dir();
        assertTrue(Files.exists(dir.resolve("charts/usage.png")));
        assertTrue(Files.exists(dir.resolve("charts/usage-libvirtd.nofile.png")), "the resource that broke, against its limit");
        ChartFiles.assertValidCharts(dir.resolve("charts"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("libvirtd.service LimitNOFILE"));
    }
}
