package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capsim.analysis.ConfigFormats;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What tune's table and plan say: the margin, the values the files hold, unset knobs, the user's own SLOs. */
class TuneCommandTest {
    @TempDir
    Path tmp;

    private static final String TARGET = "steps[0].count,steps[1].count=4096";

    /** The rows of the walls table, by wall: its cells. */
    private static Map<String, List<String>> table(String text) {
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : text.split("\\R")) {
            if (!line.matches("\\s+\\d+\\.\\s.*")) continue;
            List<String> cells = List.of(line.trim().split("\\s{2,}"));
            rows.put(cells.get(1), cells);
        }
        return rows;
    }

    @Test
    void theDefaultPlanLeavesAFifthOfHeadroomAndTheTableShowsWhatTheFilesSet() throws Exception {
        Cli.Run j = cli("tune", "experiments/seed-host-guests.json", "--target", TARGET, "--json", "-q", "--out", tmp.resolve("j").toString());
        assertEquals(0, j.exit(), j.stderr());
        JsonObject doc = j.json();
        assertEquals(20.0, doc.get("headroomPercent").getAsDouble());
        Map<String, Long> needed = new HashMap<>();
        for (JsonElement e : doc.getAsJsonArray("walls")) {
            JsonObject w = e.getAsJsonObject();
            needed.put(w.get("resource").getAsString(), w.get("needed").getAsLong());
        }
        assertEquals(3, needed.size(), needed.toString());
        Path plan = j.dir().resolve("plan");
        Map<String, String> unit = ConfigFormats.parseSystemd(Files.readString(plan.resolve("systemd/libvirtd.service.d/90-capsim.conf")));
        Map<String, String> sysctl = ConfigFormats.parseSysctl(Files.readString(plan.resolve("sysctl.d/90-capsim.conf")));
        Map<String, Long> written = Map.of("libvirtd.nofile", Long.parseLong(unit.get("Service.LimitNOFILE")),
                "qemu-user.nproc", Long.parseLong(unit.get("Service.LimitNPROC")),
                "kernel.pty.max", Long.parseLong(sysctl.get("kernel.pty.max")));
        for (Map.Entry<String, Long> e : written.entrySet()) {
            long need = needed.get(e.getKey());
            assertEquals((need * 6 + 4) / 5, e.getValue(), e.getKey() + ": the need plus 20 %, rounded up");
        }
        // the re-run uses at most 1/1.2 of each new limit
        JsonObject metrics = doc.getAsJsonObject("rerun").getAsJsonObject("metrics");
        assertTrue(metrics.get("hw.kernel.pty.max").getAsDouble() <= written.get("kernel.pty.max") / 1.2, metrics.toString());

        // the text: "needed" is the walls' need, "set" what the files hold
        Cli.Run t = cli("tune", "experiments/seed-host-guests.json", "--target", TARGET, "-q", "--out", tmp.resolve("t").toString());
        Map<String, List<String>> rows = table(t.stdout());
        assertEquals(List.of("#", "wall", "bites at", "errno", "knob", "now", "needed", "set"),
                List.of(t.stdout().lines().filter(l -> l.contains("bites at")).findFirst().orElseThrow().trim().split("\\s{2,}|(?<=#)\\s+")));
        for (Map.Entry<String, Long> e : written.entrySet()) {
            List<String> row = rows.get(e.getKey());
            assertEquals(String.format("%,d", needed.get(e.getKey())), row.get(6), row.toString());
            assertEquals(String.format("%,d", e.getValue()), row.get(7), row.toString());
        }
        assertTrue(t.stdout().contains("set = needed + 20 % headroom"), t.stdout());
    }

    @Test
    void anUnsetKnobSaysWhatItInherits() {
        // qemu.conf max_files 0: QEMU keeps the fd limit libvirtd hands down, which is its LimitNOFILE
        for (long daemon : new long[] {4096, 5000}) {
            Cli.Run r = cli("tune", "experiments/f06-virtio-net-fds.json", "--target", "guest.nics=1000",
                    "--set", "stack.libvirt.daemonNofile=" + daemon, "-q", "--out", tmp.toString());
            assertEquals(0, r.exit(), r.stderr() + r.stdout());
            List<String> row = table(r.stdout()).get("qemu.nofile");
            assertEquals(String.format("unset (inherits %,d)", daemon), row.get(5), r.stdout());
        }
    }

    @Test
    void aMissedSloIsTheUsersOwnNotAHardLimit() throws Exception {
        Cli.Run w = cli("walls", "experiments/f08-drain-regression.json", "--target", "guest.disks=1000", "-q", "--out", tmp.toString());
        assertEquals(1, w.exit(), w.stderr());
        List<String> row = table(w.stdout()).get("start.latency");
        assertEquals("your SLO", row.get(6), w.stdout());
        // the SLO itself: the experiment's latencySloS in ms
        JsonObject exp = com.google.gson.JsonParser.parseString(Files.readString(Path.of("experiments/f08-drain-regression.json"))).getAsJsonObject();
        double sloS = -1;
        for (JsonElement s : exp.getAsJsonArray("steps")) if (s.getAsJsonObject().has("latencySloS")) sloS = s.getAsJsonObject().get("latencySloS").getAsDouble();
        assertEquals(String.format("%,d ms", Math.round(sloS * 1000)), row.get(5), w.stdout());
        assertTrue(w.stdout().contains("misses your SLO"), w.stdout());
        assertFalse(w.stdout().contains("hard limit"), w.stdout());
        Cli.Run r = cli("run", "experiments/f08-drain-regression.json", "--out", tmp.toString());
        assertTrue(r.stdout().contains("      your SLO: start latency SLO"), r.stdout());
        assertFalse(r.stdout().contains("hard limit"), r.stdout());
    }

    @Test
    void runNamesItsReport() {
        Cli.Run r = cli("run", "experiments/quickstart.json", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("report: ") && last.endsWith("report.html"), last);
        assertTrue(Files.isRegularFile(Path.of(last.substring("report: ".length()))), last);
    }
}
