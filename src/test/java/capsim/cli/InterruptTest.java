package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real capsim process: one line saying how to resume, the documented exit code, a folder that resumes. */
class InterruptTest {
    @Test
    void ctrlCOnASweepSaysHowToResumeAndExits130(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        // python puts SIGINT back to its default: a JVM started by a background shell inherits it ignored
        List<String> cmd = new ArrayList<>(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "capsim.cli.Main",
                "sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=100..400:100", "-r", "150",
                "--jobs", "1", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    err.add(line);
                    if (line.contains("(if interrupted: ")) started.countDown();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        assertTrue(started.await(60, TimeUnit.SECONDS), "the sweep did not start: " + err);
        Thread.sleep(1000);   // some runs are in the journal, most are not
        assertTrue(p.isAlive(), "the sweep finished before it could be interrupted: " + err);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit after SIGINT");
        reader.join(10_000);

        assertEquals(Interrupt.EXIT_INTERRUPTED, p.exitValue(), String.join("\n", err));
        List<Path> dirs;
        try (var s = Files.list(out)) {
            dirs = s.toList();
        }
        assertEquals(1, dirs.size(), dirs.toString());
        Path dir = dirs.get(0);
        assertEquals("capsim: interrupted; resume with: capsim sweep --resume " + dir, err.get(err.size() - 1), String.join("\n", err));
        assertTrue(err.stream().noneMatch(l -> l.contains("\r") || l.contains("Exception")), String.join("\n", err));
        assertFalse(Files.exists(dir.resolve("summary.json")), "interrupted before the results files");

        // the hint works: the resumed sweep finishes with every run
        Cli.Run resumed = cli("sweep", "--resume", dir.toString(), "--jobs", "2", "-q", "--json");
        assertTrue(resumed.exit() == 0 || resumed.exit() == 1, resumed.stderr());
        assertEquals(600, resumed.json().get("runs").getAsInt());
        assertTrue(resumed.json().get("runsResumed").getAsInt() < 600, "the interruption came before the end");
    }

    @Test
    void theLineSaysWhatIsLeft() {
        assertEquals("capsim: interrupted; resume with: capsim compare --resume results/x", Interrupt.line("capsim compare --resume results/x"));
        assertEquals("capsim: interrupted; no results folder written", Interrupt.line(null));
    }
}
