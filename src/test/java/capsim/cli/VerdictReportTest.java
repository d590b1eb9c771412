package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;

import capsim.cli.Cli.Run;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict that opens report.md: its figures are those of the run's own files. */
class VerdictReportTest {
    @TempDir
    Path out;

    private static String verdict(Path dir) throws Exception {
        String md = Files.readString(dir.resolve("report.md"));
        int from = md.indexOf("## Verdict\n");
        assertTrue(from > 0 && md.substring(0, from).lines().filter(l -> l.startsWith("#")).count() == 1,
                "the verdict is the first section: " + md);
        return md.substring(from, md.indexOf("\nCommand: ", from));
    }

    private static JsonObject json(Path p) throws Exception {
        return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
    }

    @Test
    void aBrokenRunNamesItsFirstWallAndTheValueToSet() throws Exception {
        Run r = cli("run", "experiments/quickstart.json", "--set", "stack.libvirt.daemonNofile=180", "--json", "--out", out.toString());
        assertEquals(1, r.exit(), r.stderr());
        String v = verdict(r.dir());
        JsonObject bp = json(r.dir().resolve("summary.json")).getAsJsonArray("breakingPoints").get(0).getAsJsonObject();
        assertTrue(v.contains("**Fits?** **No**"), v);
        assertTrue(v.contains("`" + bp.get("resource").getAsString() + "`"), v);
        // libvirtd's LimitNOFILE is counted in fds, as its pool: the knob value is the pool's need
        long need = bp.get("suggested").getAsLong();
        assertTrue(v.contains("Set " + bp.get("knob").getAsString() + " to at least **" + String.format(Locale.ROOT, "%,d", need) + "**"), v);
        assertTrue(v.contains("`--set stack.libvirt.daemonNofile=" + need + "`"), v);
        // the limit was set on the command line: the experiment states it
        assertTrue(v.contains("`stack.libvirt.daemonNofile` is stated by the experiment"), v);
        assertTrue(v.contains("define 400 (8 at a time), then start 400 (8 at a time)"), v);
        assertTrue(Files.readString(r.dir().resolve("report.html")).contains("<section class=\"verdict\">"));
    }

    @Test
    void aCompletedRunSaysYesAndNamesTheResourceClosestToItsLimit() throws Exception {
        Run r = cli("run", "experiments/quickstart.json", "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.stderr());
        String v = verdict(r.dir());
        assertTrue(v.contains("**Fits?** **Yes**"), v);
        // independently: the largest hw.X / limit.X of summary.json
        JsonObject m = json(r.dir().resolve("summary.json")).getAsJsonObject("metrics");
        String best = null;
        double share = -1;
        for (Map.Entry<String, JsonElement> e : m.entrySet()) {
            if (!e.getKey().startsWith("hw.") || !m.has("limit." + e.getKey().substring(3))) continue;
            double s = e.getValue().getAsDouble() / m.get("limit." + e.getKey().substring(3)).getAsDouble();
            if (s > share) {
                share = s;
                best = e.getKey().substring(3);
            }
        }
        assertNotNull(best);
        assertTrue(v.contains(String.format(Locale.ROOT, "Closest to its limit: `%s` at %.0f %%", best, 100 * share)), v);
        assertFalse(v.contains("First wall"), v);
    }

    @Test
    void aSweepSaysWhereItStopsFittingAndTheLargestNeedOfItsFirstWall() throws Exception {
        Run s = cli("sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=20,40,80", "-r", "1",
                "--set", "stack.libvirt.daemonNofile=180", "--json", "--out", out.resolve("sweep").toString());
        assertEquals(1, s.exit(), s.stderr());
        String v = verdict(s.dir());
        assertTrue(v.contains("**up to** guests = 40"), v);
        assertTrue(v.contains("**breaks from** guests = 80"), v);
        // what to set: what a run of the largest point, on the same seed, says it needs
        Run big = cli("run", "experiments/quickstart.json", "--set", "stack.libvirt.daemonNofile=180", "--set", "steps[0].count=80",
                "--set", "steps[1].count=80", "--json", "--out", out.resolve("run").toString());
        assertEquals(1, big.exit(), big.stderr());
        long need = json(big.dir().resolve("summary.json")).getAsJsonArray("breakingPoints").get(0).getAsJsonObject().get("suggested").getAsLong();
        assertTrue(v.contains("to at least **" + String.format(Locale.ROOT, "%,d", need) + "**"), v);
    }

    @Test
    void tunesVerdictSetsWhatThePlanFilesHoldAndListsThem() throws Exception {
        Run t = cli("tune", "experiments/quickstart.json", "--target", "steps[0].count,steps[1].count=600", "--json",
                "--out", out.resolve("tune").toString());
        assertNotEquals(2, t.exit(), t.stderr());
        String v = verdict(t.dir());
        JsonObject plan = t.json().getAsJsonObject("plan");
        assertTrue(plan.getAsJsonArray("settings").size() > 0, plan.toString());
        for (JsonElement e : plan.getAsJsonArray("settings")) {
            JsonObject st = e.getAsJsonObject();
            assertTrue(v.contains("→ **" + String.format(Locale.ROOT, "%,d", st.get("value").getAsLong()) + "**"), st + "\n" + v);
        }
        for (JsonElement f : plan.getAsJsonArray("files")) {
            assertTrue(v.contains("`plan/" + f.getAsString() + "`"), f + "\n" + v);
            assertTrue(Files.isRegularFile(t.dir().resolve("plan").resolve(f.getAsString())), f.toString());
        }
    }
}
