package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;

import capsim.cli.Cli.Run;
import capsim.experiment.Batch;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    /** Files whose bytes must not depend on jobs or resume. */
    static final String[] DETERMINISTIC = {"runs.csv", "summary.csv", "fits.csv", "summary.json"};

    @TempDir
    Path tmp;

    /** Two axes (guests, disks per guest), two replications: 12 small runs, one point breaks. */
    private Run sweep(Path out, String... extra) {
        return cli(with(sweepArgs(out), extra));
    }

    private static String[] sweepArgs(Path out) {
        return new String[] {"sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=20,40,80",
            "--axis", "guest.disks=1,2", "-r", "2", "--set", "stack.libvirt.daemonNofile=180", "--json", "--out", out.toString()};
    }

    private static String[] with(String[] base, String... extra) {
        return Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfJobs() throws Exception {
        Run one = sweep(tmp.resolve("a"), "--jobs", "1");
        Run four = sweep(tmp.resolve("b"), "--jobs", "4");
        assertEquals(1, one.exit(), one.stderr());   // the 80-guest points break on libvirtd.nofile
        assertEquals(1, four.exit(), four.stderr());
        // stderr is no terminal here: the resume hint, then plain progress lines, never a redrawn bar
        List<String> err = one.stderr().lines().toList();
        assertTrue(err.get(0).startsWith("capsim sweep: results in ") && err.get(0).contains("(if interrupted: capsim sweep --resume "), err.get(0));
        assertEquals("capsim sweep: 12/12 runs (100 %)", err.get(err.size() - 1));
        assertTrue(err.size() <= 12 && !one.stderr().contains("\r"), one.stderr());
        assertEquals("", cli(with(sweepArgs(tmp.resolve("q")), "--jobs", "1", "-q")).stderr(), "--quiet: nothing on stderr");
        for (String f : DETERMINISTIC) {
            assertArrayEquals(Files.readAllBytes(one.dir().resolve(f)), Files.readAllBytes(four.dir().resolve(f)), f);
        }
        JsonObject doc = one.json();
        assertEquals(6, doc.get("points").getAsInt());
        assertEquals(12, doc.get("runs").getAsInt());
        // one row per (point, replication) plus the header
        assertEquals(13, Files.readAllLines(one.dir().resolve("runs.csv")).size());
        // libvirtd's 180 fds hold fewer than 80 guests but 40: the 80-guest points break, the others do not
        assertEquals(4, doc.get("brokeRuns").getAsInt());
    }

    @Test
    void anInterruptedSweepResumesToTheSameResultsWithoutRedoingFinishedRuns() throws Exception {
        Run full = sweep(tmp.resolve("full"), "--jobs", "2");
        Run cut = sweep(tmp.resolve("cut"), "--jobs", "2", "--stop-after", "5");
        assertEquals(1, cut.exit());
        assertFalse(cut.json().get("complete").getAsBoolean());
        Path dir = cut.dir();
        assertFalse(Files.exists(dir.resolve("summary.json")), "no results files before every run is in");
        // an interruption in the middle of writing a line leaves a partial last line
        Files.writeString(dir.resolve(Batch.JOURNAL), "{\"case\":7,\"poi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Run resumed = cli("sweep", "--resume", dir.toString(), "--jobs", "3", "--json");
        assertEquals(1, resumed.exit(), resumed.stderr());
        JsonObject doc = resumed.json();
        assertEquals(5, doc.get("runsResumed").getAsInt(), "the finished runs are kept");
        assertEquals(7, doc.get("runsExecuted").getAsInt(), "only the missing runs run");
        for (String f : DETERMINISTIC) {
            assertArrayEquals(Files.readAllBytes(full.dir().resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
        }
        assertEquals(12, Files.readAllLines(dir.resolve(Batch.JOURNAL)).size());

        // resuming a finished sweep runs nothing and rewrites nothing
        long before = Files.getLastModifiedTime(dir.resolve("summary.json")).toMillis();
        Run again = cli("sweep", "--resume", dir.toString(), "--json");
        assertEquals(0, again.json().get("runsExecuted").getAsInt());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("summary.json")).toMillis());
    }

    @Test
    void resumeRefusesChangedInputsAndPlanOptions() throws Exception {
        Run cut = sweep(tmp.resolve("cut"), "--jobs", "1", "--stop-after", "2");
        Run withAxis = cli("sweep", "--resume", cut.dir().toString(), "--axis", "guest.disks=1,2");
        assertEquals(2, withAxis.exit());
        assertTrue(withAxis.stderr().contains("--resume"), withAxis.stderr());
        // the plan names the experiment; tamper with the recorded hash as if the models had changed
        Path plan = cut.dir().resolve(Batch.PLAN_FILE);
        JsonObject saved = JsonParser.parseString(Files.readString(plan)).getAsJsonObject();
        saved.addProperty("inputsHash", "0");
        Files.writeString(plan, saved.toString());
        Run changed = cli("sweep", "--resume", cut.dir().toString());
        assertEquals(2, changed.exit());
        assertTrue(changed.stderr().contains("changed"), changed.stderr());
    }

    @Test
    void writesChartsAndReportsThatAreValidFiles() throws Exception {
        // three completed points per curve and a broken one: a fit needs three points where no run broke
        Run r = cli("sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=10,20,40,80",
                "--axis", "guest.disks=1,2", "-r", "2", "--set", "stack.libvirt.daemonNofile=180", "--json", "--jobs", "2",
                "--out", tmp.resolve("c").toString());
        Path charts = r.dir().resolve("charts");
        assertTrue(Files.exists(charts.resolve("guests.started.png")));
        assertTrue(Files.exists(charts.resolve("guests.started.loglog.svg")), "log-log view with a fit");
        // the plan of the other tests has two completed points per curve: no fit, no log-log view
        assertFalse(Files.exists(sweep(tmp.resolve("d"), "--jobs", "2").dir().resolve("charts/guests.started.loglog.svg")));
        ChartFiles.assertValidCharts(charts);
        String html = Files.readString(r.dir().resolve("report.html"));
        assertTrue(html.contains("<svg"), "charts inline");
        assertFalse(html.contains("src=\"charts/"), "self-contained: no links to chart files");
        String md = Files.readString(r.dir().resolve("report.md"));
        assertTrue(md.contains("![") && md.contains("charts/guests.started.png"), md);
        assertTrue(md.contains("Inputs as resolved"));
        // growth fits in the summary: started guests grow linearly with the guest count where nothing breaks
        JsonObject summary = JsonParser.parseString(Files.readString(r.dir().resolve("summary.json"))).getAsJsonObject();
        assertTrue(summary.getAsJsonArray("fits").size() > 0);
    }

    @Test
    void sweepFileGivesTheAxesAndCommandLineAddsToThem() throws Exception {
        Path file = tmp.resolve("sweep.json");
        Files.writeString(file, """
                {"experiment": "%s",
                 "axes": [{"path": "steps[0].count,steps[1].count", "values": "8..32*2"}],
                 "replications": 1,
                 "overrides": {"steps[1].concurrency": 4}}
                """.formatted(Path.of("experiments/quickstart.json").toAbsolutePath().toString().replace("\\", "\\\\")));
        Run r = cli("sweep", file.toString(), "--axis", "guest.nics=1,2", "--json", "--out", tmp.resolve("f").toString());
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonObject doc = r.json();
        assertEquals(6, doc.get("points").getAsInt());
        assertEquals(6, doc.get("runs").getAsInt());
        // all 3 points along the guest count fit a power law with exponent 1 for guests.started
        boolean found = false;
        for (var f : doc.getAsJsonArray("fits")) {
            JsonObject o = f.getAsJsonObject();
            if (o.get("metric").getAsString().equals("guests.started")) {
                assertEquals(1.0, o.get("exponent").getAsDouble(), 1e-9);
                found = true;
            }
        }
        assertTrue(found);
    }

    @Test
    void badAxisPathIsBadInputAndWritesNothing() {
        Path out = tmp.resolve("bad");
        Run r = cli("sweep", "experiments/quickstart.json", "--axis", "guest.diskz=1,2", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("guest.diskz"), r.stderr());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aSweepFileWithAnUnknownKeyIsBadInputNamingFileLineAndTheClosestKey() throws Exception {
        Path file = tmp.resolve("typo.json");
        Files.writeString(file, """
                {"experiment": "%s",
                 "axis": [{"path": "guest.disks", "values": [1, 2]}]}
                """.formatted(Path.of("experiments/quickstart.json").toAbsolutePath().toString().replace("\\", "\\\\")));
        Path out = tmp.resolve("typo-out");
        Run r = cli("sweep", file.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains(file + ":2: axis: unknown key"), r.stderr());
        assertTrue(r.stderr().contains("did you mean \"axes\""), r.stderr());
        assertFalse(Files.exists(out), "nothing written");
    }
}
