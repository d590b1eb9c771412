package capsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code capsim run} in a child JVM, killed while it writes its results: a SIGTERM leaves
 * nothing under {@code --out} (the shutdown hook removes the staging folder), and the staging
 * folder a SIGKILL leaves behind is removed by the next run under the same folder.
 */
class InterruptedRunTest {
    @TempDir
    Path tmp;

    /** An experiment whose results take seconds to write (one curve row per interface). */
    private Path slowToWrite() throws IOException {
        JsonObject e = JsonParser.parseString(Files.readString(Path.of("experiments/quickstart.json"))).getAsJsonObject();
        e.remove("$schema");
        e.addProperty("host", Path.of("models/hosts/z13-lpar.json").toAbsolutePath().toString());
        e.addProperty("stack", Path.of("models/stacks/s390-2015-fixed.json").toAbsolutePath().toString());
        JsonArray steps = new JsonArray();
        JsonObject add = new JsonObject();
        add.addProperty("kind", "add-interfaces");
        add.addProperty("count", 250_000);
        steps.add(add);
        e.add("steps", steps);
        Path p = tmp.resolve("slow.json");
        Files.writeString(p, e.toString());
        return p;
    }

    /** Starts the run and waits until its staging folder exists (it is writing); the process. */
    private Process startAndWaitForStaging(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "capsim.cli.Main",
                "run", slowToWrite().toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (staging(out).isEmpty()) {
            assertTrue(p.isAlive(), "the run ended before it staged anything: " + Files.readString(tmp.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "no staging folder within 60 s");
            Thread.sleep(10);
        }
        return p;
    }

    private static List<Path> staging(Path out) throws IOException {
        if (!Files.isDirectory(out)) return List.of();
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList();
        }
    }

    private static List<Path> entries(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.toList();
        }
    }

    @Test
    void aTerminatedRunLeavesNothing() throws Exception {
        Path out = tmp.resolve("term");
        Process p = startAndWaitForStaging(out);
        p.destroy();   // SIGTERM: the shutdown hooks run
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), entries(out), "left under --out");
    }

    @Test
    void aKilledRunsStagingIsRemovedByTheNextRun() throws Exception {
        Path out = tmp.resolve("kill");
        Process p = startAndWaitForStaging(out);
        p.destroyForcibly();   // SIGKILL: no hook runs, the staging folder stays
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<Path> left = staging(out);
        assertEquals(1, left.size(), "a SIGKILL leaves its staging folder: " + left);
        assertTrue(left.get(0).getFileName().toString().startsWith(".staging-" + p.pid() + "-"), left.get(0).toString());

        Cli.Run next = Cli.cli("run", "experiments/quickstart.json", "--out", out.toString());
        assertEquals(0, next.exit(), next.stderr());
        assertEquals(List.of(), staging(out), "the dead run's staging folder is still there");
        List<Path> published = entries(out);
        assertEquals(1, published.size(), published.toString());
        assertFalse(published.get(0).getFileName().toString().startsWith("."), published.toString());
    }
}
