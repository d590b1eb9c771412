package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import capsim.analysis.Sensitivity;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capsim sensitivity end to end: a number that drives the wall moves it as computed by hand; numbers that cannot matter rank last. */
class SensitivityCommandTest {
    @TempDir
    Path tmp;

    static final String F13 = "experiments/f13-ram-1tb.json";
    /** f13 on a smaller LPAR, so RAM still bites first but a few hundred guests in: quick runs. */
    static final int RAM_GIB = 64;
    static final long TARGET = 200;

    static JsonObject json(String file) throws Exception {
        return JsonParser.parseString(Files.readString(Path.of(file))).getAsJsonObject();
    }

    /** A model number's value, sourced or plain. */
    static double number(JsonObject o, String... path) {
        JsonElement e = o;
        for (String p : path) e = e.getAsJsonObject().get(p);
        if (e.isJsonObject()) e = e.getAsJsonObject().get("value");
        return e.getAsDouble();
    }

    /**
     * The guest count at which host RAM runs out, from the model files by hand: each started guest
     * holds ceil(touched MiB + QEMU overhead + devices x per-device overhead) MiB of the usable
     * (RAM - reserved) x 1024 MiB; the first guest that does not fit is the wall.
     */
    static long ramWall(double overheadMiB, double reservedGiB) throws Exception {
        JsonObject exp = json(F13);
        JsonObject stack = json("models/stacks/s390-2015-fixed.json");
        JsonObject guest = exp.getAsJsonObject("guest");
        double devices = number(guest, "disks") + number(guest, "nics");
        long perGuest = (long) Math.ceil(number(guest, "touchedMiB") + overheadMiB
                + devices * number(stack, "qemu", "overheadMiBPerDevice"));
        long usable = (long) Math.floor((RAM_GIB - reservedGiB) * 1024);
        return usable / perGuest + 1;
    }

    private Cli.Run sensitivity(String... more) {
        List<String> args = new ArrayList<>(List.of("sensitivity", F13, "--set", "host.ramGiB=" + RAM_GIB, "--json", "--out=" + tmp));
        args.addAll(List.of(more));
        return Cli.cli(args.toArray(new String[0]));
    }

    static JsonObject candidate(JsonObject doc, String path) {
        for (JsonElement e : doc.getAsJsonArray("candidates")) {
            if (e.getAsJsonObject().get("path").getAsString().equals(path)) return e.getAsJsonObject();
        }
        return fail("no candidate " + path);
    }

    @Test
    void theQemuOverheadMovesTheRamWallAsComputedByHandAndNumbersThatCannotMatterRankLast() throws Exception {
        Cli.Run r = sensitivity("--target", "steps[0].count,steps[1].count=" + TARGET, "--jobs", "2");
        assertEquals(1, r.exit(), r.stderr());   // the base breaks: there is a wall
        JsonObject doc = r.json();
        double overhead = number(json("models/stacks/s390-2015-fixed.json"), "qemu", "overheadMiB");
        double reserved = number(json("models/hosts/z13-lpar.json"), "hostReservedGiB");

        JsonObject base = doc.getAsJsonObject("base").getAsJsonObject("wall");
        assertEquals("host.memory", base.get("resource").getAsString());
        assertEquals(ramWall(overhead, reserved), base.get("at").getAsLong());

        JsonObject o = candidate(doc, "stack.qemu.overheadMiB");
        assertEquals(overhead * 0.5, o.getAsJsonObject("low").get("value").getAsDouble());
        assertEquals(overhead * 1.5, o.getAsJsonObject("high").get("value").getAsDouble());
        assertEquals(ramWall(overhead * 0.5, reserved), o.getAsJsonObject("low").getAsJsonObject("wall").get("at").getAsLong());
        assertEquals(ramWall(overhead * 1.5, reserved), o.getAsJsonObject("high").getAsJsonObject("wall").get("at").getAsLong());
        assertEquals("host.memory", o.getAsJsonObject("high").getAsJsonObject("wall").get("resource").getAsString());

        JsonObject h = candidate(doc, "host.hostReservedGiB");
        assertEquals(ramWall(overhead, reserved * 0.5), h.getAsJsonObject("low").getAsJsonObject("wall").get("at").getAsLong());
        assertEquals(ramWall(overhead, reserved * 1.5), h.getAsJsonObject("high").getAsJsonObject("wall").get("at").getAsLong());

        // the two RAM inputs lead, in the order of their hand-computed effects
        long b = ramWall(overhead, reserved);
        double eo = Math.max(Math.abs(ramWall(overhead * 0.5, reserved) - b), Math.abs(ramWall(overhead * 1.5, reserved) - b)) / (double) b;
        double eh = Math.max(Math.abs(ramWall(overhead, reserved * 0.5) - b), Math.abs(ramWall(overhead, reserved * 1.5) - b)) / (double) b;
        JsonArray cands = doc.getAsJsonArray("candidates");
        String first = eo > eh ? "stack.qemu.overheadMiB" : "host.hostReservedGiB";
        assertEquals(first, cands.get(0).getAsJsonObject().get("path").getAsString());
        assertEquals(eo, o.get("wallEffect").getAsDouble(), 1e-12);
        assertEquals(eh, h.get("wallEffect").getAsDouble(), 1e-12);

        // no dump step: the dump model's estimates cannot matter; zero effect, after every number that has one
        int lastWithEffect = 0;
        int firstDump = Integer.MAX_VALUE;
        int dumps = 0;
        for (JsonElement e : cands) {
            JsonObject c = e.getAsJsonObject();
            int rank = c.get("rank").getAsInt();
            boolean zero = c.get("wallEffect").getAsDouble() == 0 && c.get("metricEffect").getAsDouble() == 0;
            if (!zero) lastWithEffect = Math.max(lastWithEffect, rank);
            if (c.get("path").getAsString().contains(".dump.")) {
                dumps++;
                assertTrue(zero, c.toString());
                firstDump = Math.min(firstDump, rank);
            }
            // the rule: every candidate's source says estimate / assumption / guess / calibrated
            assertTrue(Sensitivity.CANDIDATE.matcher(c.get("source").getAsString()).find(), c.toString());
        }
        assertTrue(dumps >= 4, "the dump model has estimates");
        assertTrue(firstDump > lastWithEffect, "dump estimates rank after every number with an effect");
        // measured or documented numbers are no candidates, and neither is a value an override replaced
        for (JsonElement e : cands) {
            String p = e.getAsJsonObject().get("path").getAsString();
            assertNotEquals("host.cpus", p);
            assertNotEquals("host.ramGiB", p);
            assertNotEquals("stack.libvirt.daemonNproc", p);   // an assumption, but f13 overrides it
        }
        Path dir = r.dir();
        for (String f : List.of("sensitivity.json", "sensitivity.csv", "report.md", "report.html", "charts/tornado.png",
                "charts/tornado.svg", "experiment.resolved.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("Candidates and their sources"));
    }

    @Test
    void theResultsAreTheSameWithOneOrTwoJobs() throws Exception {
        Cli.Run one = sensitivity("--set", "steps[0].count=" + TARGET, "--set", "steps[1].count=" + TARGET, "--jobs", "1");
        Cli.Run two = sensitivity("--set", "steps[0].count=" + TARGET, "--set", "steps[1].count=" + TARGET, "--jobs", "2");
        assertEquals(1, one.exit(), one.stderr());
        assertEquals(1, two.exit(), two.stderr());
        assertNotEquals(one.dir(), two.dir(), "a new results folder each time");
        for (String f : List.of("sensitivity.json", "sensitivity.csv", "charts/tornado.svg")) {
            assertArrayEquals(Files.readAllBytes(one.dir().resolve(f)), Files.readAllBytes(two.dir().resolve(f)), f);
        }
        JsonObject doc = one.json();
        assertEquals("timeS", doc.get("wallMeasure").getAsString());
        assertEquals("host.memory", doc.getAsJsonObject("base").getAsJsonObject("wall").get("resource").getAsString());
    }

    @Test
    void aPerturbationThatMakesTheExperimentInvalidIsReported() throws Exception {
        // the defined count is an assumption here: at -50 % fewer guests are defined than the start step starts
        Path exp = tmp.resolve("assumed-count.json");
        Files.writeString(exp, """
                {
                  "name": "assumed-count",
                  "host": "models/hosts/z13-lpar.json",
                  "stack": "models/stacks/s390-2015-fixed.json",
                  "steps": [
                    {"kind": "define", "count": {"value": 8, "source": "assumed: a small batch"}},
                    {"kind": "start", "count": 8}
                  ]
                }
                """);
        Cli.Run r = Cli.cli("sensitivity", exp.toString(), "--json", "--out=" + tmp.resolve("out"), "--range", "50");
        assertEquals(0, r.exit(), r.stderr());
        JsonObject c = candidate(r.json(), "steps[0].count");
        assertEquals(4, c.getAsJsonObject("low").get("value").getAsLong());
        assertTrue(c.getAsJsonObject("low").get("invalid").getAsString().contains("steps[1].count"), c.toString());
        assertEquals(12, c.getAsJsonObject("high").get("value").getAsLong());
        assertFalse(c.getAsJsonObject("high").has("invalid"));

        // a number the target sets is the target's, not a candidate
        Cli.Run t = Cli.cli("sensitivity", exp.toString(), "--json", "--out=" + tmp.resolve("out"),
                "--target", "steps[0].count,steps[1].count=8");
        assertEquals(0, t.exit(), t.stderr());
        for (JsonElement e : t.json().getAsJsonArray("candidates")) {
            assertNotEquals("steps[0].count", e.getAsJsonObject().get("path").getAsString());
        }
    }

    @Test
    void badInputIsOneLineNamingWhereAndWritesNothing() throws Exception {
        Path out = tmp.resolve("nothing");
        String[][] cases = {
            {"sensitivity", F13, "--set", "host.ramGb=12", "--out=" + out},
            {"sensitivity", F13, "--range", "150", "--out=" + out},
            {"sensitivity", F13, "--target", "steps[1].count=lots", "--out=" + out},
            {"sensitivity", "experiments/no-such.json", "--out=" + out},
            {"sensitivity", F13, "--set", "steps[0].count=2", "--set", "steps[1].count=2", "--metric", "no.such", "--out=" + out},
        };
        for (String[] args : cases) {
            Cli.Run r = Cli.cli(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
            assertTrue(r.stderr().startsWith("capsim: bad input: "), r.stderr());
        }
        Cli.Run r = Cli.cli("sensitivity", F13, "--set", "host.ramGb=12", "--out=" + out);
        assertTrue(r.stderr().contains("f13-ram-1tb.json") || r.stderr().contains("--set"), r.stderr());
        assertTrue(r.stderr().contains("host.ramGb"), r.stderr());
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(0, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
            }
        }
    }
}
