package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import capsim.analysis.ConfigFormats;
import capsim.analysis.ModelCosts;
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

    /**
     * Limits planted on the seed host's models, from the model's own per-guest costs: libvirtd's
     * fd table bites at 101 guests, the ptys at 151, the system-wide file table at 201.
     */
    static String[] planted() {
        return new String[] {
            "--set", ModelCosts.CONCURRENCY + "=1",
            "--set", "stack.libvirt.daemonNofile=" + ModelCosts.cost("libvirtd.nofile").at(100),
            "--set", "host.sysctl.ptyMax=" + ModelCosts.cost("kernel.pty.max").at(150),
            "--set", "host.sysctl.fileMax=" + ModelCosts.cost("fs.file-max").at(200)};
    }

    private Cli.Run cli(String cmd, String... more) {
        String[] planted = planted();
        String[] args = new String[more.length + planted.length + 6];
        args[0] = cmd;
        args[1] = "experiments/quickstart.json";
        args[2] = "--target";
        args[3] = TARGET;
        args[4] = "--json";
        args[5] = "--out=" + tmp;
        System.arraycopy(planted, 0, args, 6, planted.length);
        System.arraycopy(more, 0, args, 6 + planted.length, more.length);
        return Cli.cli(args);
    }

    @Test
    void wallsListsTheWallsInOrderWithTheirKnobs() throws Exception {
        Cli.Run r = cli("walls");
        assertEquals(0, r.exit(), r.stderr());
        JsonObject doc = r.json();
        assertTrue(doc.get("reachable").getAsBoolean());
        var walls = doc.getAsJsonArray("walls");
        assertEquals(3, walls.size());
        String[] resources = {"libvirtd.nofile", "kernel.pty.max", "fs.file-max"};
        long[] bites = {101, 151, 201};
        for (int i = 0; i < 3; i++) {
            JsonObject w = walls.get(i).getAsJsonObject();
            assertEquals(resources[i], w.get("resource").getAsString());
            assertEquals(bites[i], w.get("bitesAt").getAsLong());
            assertTrue(w.has("knob") && w.has("knobPath") && w.has("needed"));
        }
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
        // a QEMU fd wall too: qemu.conf max_files below what one QEMU needs bites at the first guest
        // (--headroom 0: the values are exactly the model's costs; the default margin is TuneCommandTest's)
        Cli.Run r = cli("tune", "--set", "stack.libvirt.qemuMaxFiles=12", "--headroom", "0");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonObject doc = r.json();
        assertTrue(doc.get("passes").getAsBoolean());
        assertEquals("completed", doc.getAsJsonObject("rerun").get("outcome").getAsString());
        assertEquals(300, doc.getAsJsonObject("rerun").getAsJsonObject("metrics").get("guests.started").getAsInt());
        Path plan = r.dir().resolve("plan");
        Map<String, String> sysctl = ConfigFormats.parseSysctl(Files.readString(plan.resolve("sysctl.d/90-capsim.conf")));
        assertEquals(Long.toString(ModelCosts.cost("kernel.pty.max").at(300)), sysctl.get("kernel.pty.max"));
        assertEquals(Long.toString(ModelCosts.cost("fs.file-max").at(300)), sysctl.get("fs.file-max"));
        Map<String, String> qemu = ConfigFormats.parseLibvirtConf(Files.readString(plan.resolve("libvirt/qemu.conf")));
        assertTrue(Long.parseLong(qemu.get("max_files")) > 12, qemu.toString());
        Map<String, String> unit = ConfigFormats.parseSystemd(Files.readString(plan.resolve("systemd/libvirtd.service.d/90-capsim.conf")));
        assertEquals(Long.toString(ModelCosts.cost("libvirtd.nofile").at(300)), unit.get("Service.LimitNOFILE"));
        assertTrue(Files.exists(plan.resolve("APPLY.md")));
        assertTrue(Files.readString(r.dir().resolve("report.md")).contains("passes"));
    }

    /** On RHEL 9's modular daemons the wall names virtqemud's unit and the plan's drop-in is virtqemud's; the re-run passes. */
    @Test
    void tuneOnVirtqemudWritesItsDropIn() throws Exception {
        Cli.Run r = Cli.cli("tune", "experiments/f10-libvirtd-fds.json", "--target", "steps[0].count,steps[1].count=1000",
                "--set", "host=models/hosts/x86-2s-2024.json", "--set", "stack=models/stacks/rhel9.json", "--set", "host.kernel=\"5.14\"",
                "--set", "stack.libvirt.raisesSoftNofile=false", "--headroom", "0", "--json", "-q", "--out=" + tmp);
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonObject doc = r.json();
        assertTrue(doc.get("passes").getAsBoolean());
        JsonObject wall = doc.getAsJsonArray("walls").get(0).getAsJsonObject();
        assertEquals("libvirtd.nofile", wall.get("resource").getAsString());
        assertTrue(wall.get("knob").getAsString().startsWith("virtqemud.service LimitNOFILE"), wall.toString());
        Path plan = r.dir().resolve("plan");
        assertTrue(Files.exists(plan.resolve("systemd/virtqemud.service.d/90-capsim.conf")));
        assertFalse(Files.exists(plan.resolve("systemd/libvirtd.service.d/90-capsim.conf")));
        // by hand: 1,000 guests x 2 fds + 32 base, and the fds of the starts in flight on top
        long limit = Long.parseLong(ConfigFormats.parseSystemd(Files.readString(plan.resolve("systemd/virtqemud.service.d/90-capsim.conf")))
                .get("Service.LimitNOFILE"));
        assertTrue(limit >= 2032 && limit < 2032 + 20 * 9, "LimitNOFILE " + limit);
    }

    @Test
    void aTargetTheStepsCannotReachIsBadInput() {
        // the steps cannot start more guests than they define: a target must move both counts
        Cli.Run r = Cli.cli("tune", "experiments/quickstart.json", "--target", "steps[1].count=500",
                "--out=" + tmp);
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("defined"), r.stderr());
    }

    @Test
    void aVariantComparedWithItselfDiffersByZeroWithZeroWidth() throws Exception {
        Cli.Run r = Cli.cli("compare", "experiments/quickstart.json", "--set", "steps[0].count=60",
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
        Cli.Run r = Cli.cli("compare", "experiments/quickstart.json",
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
        Cli.Run r = Cli.cli("run", "experiments/quickstart.json", "--set", "steps[0].count=600",
                "--set", "steps[1].count=600", "--json", "--out", tmp.toString());
        assertEquals(1, r.exit());
        Path dir = r.dir();
        assertTrue(Files.exists(dir.resolve("charts/usage.png")));
        assertTrue(Files.exists(dir.resolve("charts/usage-libvirtd.nofile.png")), "the resource that broke, against its limit");
        ChartFiles.assertValidCharts(dir.resolve("charts"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("libvirtd.service LimitNOFILE"));
    }

    @Test
    void aModelFileSwitchIsAnAxisLikeAnyOtherAndOverridesApplyToTheSwitchedModel() throws Exception {
        Cli.Run r = Cli.cli("sweep", "experiments/quickstart.json",
                "--axis", "stack=models/stacks/s390-2015-fixed.json,models/stacks/debian12.json",
                "--set", "stack.libvirt.daemonNofile=901", "-r", "1", "--json", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.stderr());
        JsonObject doc = r.json();
        assertEquals(2, doc.get("points").getAsInt());
        for (JsonElement p : doc.getAsJsonArray("summary")) {
            JsonObject m = p.getAsJsonObject().getAsJsonObject("metrics");
            assertEquals(901, m.getAsJsonObject("limit.libvirtd.nofile").get("mean").getAsInt(), "the --set applies to either stack");
        }
        String resolved = Files.readString(r.dir().resolve("experiment.resolved.json"));
        assertTrue(resolved.contains("\"stackFile\": \"models/stacks/s390-2015-fixed.json\""), "the switched file is recorded");
        ChartFiles.assertValidCharts(r.dir().resolve("charts"));
    }

    @Test
    void aHardWallStopsTheSearchAndSaysItsFix() {
        // F14: old machined strands CreateMachine calls until libvirt's D-Bus timeout: no knob, a newer systemd
        Cli.Run r = Cli.cli("walls", "experiments/f14-machined-hangs.json",
                "--target", "steps[0].count,steps[1].count=1000", "--json", "--out", tmp.toString());
        assertEquals(1, r.exit(), r.stderr());
        JsonObject doc = r.json();
        assertFalse(doc.get("reachable").getAsBoolean());
        var walls = doc.getAsJsonArray("walls");
        JsonObject last = walls.get(walls.size() - 1).getAsJsonObject();
        assertFalse(last.get("tunable").getAsBoolean());
        assertTrue(last.has("fix"), last.toString());
        assertTrue(doc.get("blockedBy").getAsString().contains(last.get("fix").getAsString()));
    }

    @Test
    void runChartsTheCurvesItsStepsProduce() throws Exception {
        Cli.Run r = Cli.cli("run", "experiments/f21-hotplug-1000-virtio-net-per-batch.json",
                "--json", "--out", tmp.toString());
        Path charts = r.dir().resolve("charts");
        assertTrue(Files.exists(charts.resolve("curve-hotplug.png")), "time per device against the devices present");
        ChartFiles.assertValidCharts(charts);
    }
}
