package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;

import capsim.cli.Cli.Run;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path out;

    @Test
    void readmeExampleRunsEndToEndAndFollowsTheJsonContract() throws Exception {
        Run r = cli("run", "experiments/quickstart.json", "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(1, r.stdout().strip().lines().count(), "exactly one JSON document");
        JsonObject doc = JsonParser.parseString(r.stdout()).getAsJsonObject();
        for (String k : new String[] {"experiment", "seed", "outcome", "breakingPoints", "metrics", "resultsDir"}) {
            assertTrue(doc.has(k), k);
        }
        assertEquals("completed", doc.get("outcome").getAsString());
        JsonObject m = doc.getAsJsonObject("metrics");
        for (String k : new String[] {"sim.events", "sim.timeS", "wall.s", "guests.started", "guests.failed"}) {
            assertTrue(m.has(k), k);
        }
        assertEquals(400, m.get("guests.started").getAsInt());
        Path dir = Path.of(doc.get("resultsDir").getAsString());
        for (String f : new String[] {"summary.json", "experiment.resolved.json", "guests.csv", "usage.csv"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        // guests.csv: one row per started guest
        assertEquals(401, Files.readAllLines(dir.resolve("guests.csv")).size());
    }

    @Test
    void setHostToAModelFileSwitchesTheHostAsSweepWallsAndCompareDo() throws Exception {
        String x86 = "models/hosts/x86-2s-2024.json";
        Run r = cli("run", "experiments/quickstart.json", "--set", "host=" + x86, "--json", "--out", out.resolve("set").toString());
        assertNotEquals(2, r.exit(), r.stderr());
        JsonObject resolved = JsonParser.parseString(Files.readString(r.dir().resolve("experiment.resolved.json"))).getAsJsonObject();
        assertEquals(x86, resolved.get("hostFile").getAsString());
        JsonObject x86File = JsonParser.parseString(Files.readString(Path.of(x86))).getAsJsonObject();
        JsonObject host = resolved.getAsJsonObject("host");
        assertWritten(x86File, host, "host");
        // what the file leaves to the kernel facts is filled by its kernel version, with the fact as source
        assertFalse(x86File.getAsJsonObject("sysctl").has("threadsMax"));
        assertTrue(host.getAsJsonObject("sysctl").getAsJsonObject("threadsMax").get("source").getAsString().startsWith("fact sysctl.threadsMax for Linux"));

        // the same as an experiment file that names the x86 host itself
        JsonObject exp = JsonParser.parseString(Files.readString(Path.of("experiments/quickstart.json"))).getAsJsonObject();
        exp.remove("$schema");
        exp.addProperty("host", x86);
        Path file = out.resolve("quickstart-x86.json");
        Files.writeString(file, exp.toString());
        Run direct = cli("run", file.toString(), "--json", "--out", out.resolve("direct").toString());
        assertEquals(direct.exit(), r.exit(), direct.stderr());
        assertArrayEquals(Files.readAllBytes(direct.dir().resolve("summary.json")), Files.readAllBytes(r.dir().resolve("summary.json")));

        Run missing = cli("run", "experiments/quickstart.json", "--set", "host=models/hosts/nope.json", "--out", out.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.stderr().contains("host model file not found"), missing.stderr());
    }

    @Test
    void sameSeedGivesByteIdenticalSummaryAndNewFolders() throws Exception {
        Run a = cli("run", "experiments/quickstart.json", "--json", "--out", out.toString(), "--seed", "9");
        Run b = cli("run", "experiments/quickstart.json", "--json", "--out", out.toString(), "--seed", "9");
        Path da = Path.of(JsonParser.parseString(a.stdout()).getAsJsonObject().get("resultsDir").getAsString());
        Path db = Path.of(JsonParser.parseString(b.stdout()).getAsJsonObject().get("resultsDir").getAsString());
        assertNotEquals(da, db, "a second run never overwrites the first");
        assertArrayEquals(Files.readAllBytes(da.resolve("summary.json")), Files.readAllBytes(db.resolve("summary.json")));
        assertArrayEquals(Files.readAllBytes(da.resolve("guests.csv")), Files.readAllBytes(db.resolve("guests.csv")));
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws Exception {
        Path exp = out.resolve("bad.json");
        Files.writeString(exp, Files.readString(Path.of("experiments/quickstart.json")).replace("\"vcpus\": 2", "\"vcpu\": 2"));
        Path results = out.resolve("res");
        Run r = cli("run", exp.toString(), "--out", results.toString());
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("guest.vcpu"), r.stderr());
        assertTrue(r.stderr().contains("did you mean \"vcpus\""), r.stderr());
        assertFalse(Files.exists(results) && Stream.of(results.toFile().list()).findAny().isPresent(), "nothing written");
    }

    @Test
    void aBreakingRunExitsOneAndNamesTheKnob() {
        Run r = cli("run", "experiments/quickstart.json", "--out", out.toString(),
                "--set", "steps[0].count=600", "--set", "steps[1].count=600");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("libvirtd.nofile"), r.stdout());
        assertTrue(r.stdout().contains("libvirtd.service LimitNOFILE"), r.stdout());
    }

    @Test
    void everyCommandPrintsItsHelp() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream tracer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
        try {
            for (String cmd : new String[] {"run", "sweep", "compare", "sensitivity", "walls", "tune", "validate", "schema"}) {
                Run r = cli(cmd, "--help");
                assertEquals(0, r.exit(), cmd + ": " + r.stderr());
                assertTrue(r.stdout().contains("Usage: capsim " + cmd), cmd + ": " + r.stdout());
                assertEquals("", r.stderr(), cmd);
            }
        } finally {
            System.setErr(stderr);
        }
        // picocli's tracer warns on System.err about a description it cannot format (a lone % in it)
        assertEquals("", tracer.toString(StandardCharsets.UTF_8));
    }

    /** Every value {@code file} writes is in {@code resolved} as written (the facts only add). */
    private static void assertWritten(JsonObject file, JsonObject resolved, String at) {
        for (String k : file.keySet()) {
            assertTrue(resolved.has(k), at + "." + k + " kept");
            if (file.get(k).isJsonObject() && resolved.get(k).isJsonObject()) assertWritten(file.getAsJsonObject(k), resolved.getAsJsonObject(k), at + "." + k);
            else assertEquals(file.get(k), resolved.get(k), at + "." + k);
        }
    }
}
