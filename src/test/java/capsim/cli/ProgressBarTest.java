package capsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long S = 1_000_000_000L;

    @Test
    void withoutATerminalALinePerTenth() {
        StringWriter w = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintWriter(w), "runs", "capsim sweep", false, now::get);
        for (int done = 0; done <= 50; done++) {
            now.addAndGet(S);   // a second a run: never a minute without a new tenth
            bar.update(done, 50);
        }
        List<String> lines = w.toString().lines().toList();
        assertEquals(10, lines.size(), w.toString());
        for (int k = 1; k <= 10; k++) {
            String line = lines.get(k - 1);
            assertTrue(line.startsWith("capsim sweep: " + 5 * k + "/50 runs (" + 10 * k + " %)"), line);
        }
        // 6 s for the first 5 runs (the clock started a second before run 0): 1.2 s a run, 45 to go
        assertTrue(lines.get(0).endsWith(", 0:54 left"), lines.get(0));
        assertTrue(!w.toString().contains("\r"));
    }

    @Test
    void withoutATerminalALineAMinuteWhenRunsAreSlow() {
        StringWriter w = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintWriter(w), "runs", "capsim sweep", false, now::get);
        bar.update(0, 1000);
        for (int done = 1; done <= 5; done++) {
            now.addAndGet(70 * S);   // 70 s a run, 100 runs a tenth
            bar.update(done, 1000);
        }
        assertEquals(5, w.toString().lines().count(), w.toString());
    }

    @Test
    void aResumedBatchSaysWhereItStarts() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), "runs", "capsim sweep", false, () -> 0L);
        bar.update(30, 100);
        assertEquals("capsim sweep: 30/100 runs (30 %)", w.toString().strip());
        // a first report inside the first tenth (sensitivity's first perturbation) waits for the tenth
        StringWriter w2 = new StringWriter();
        new ProgressBar(new PrintWriter(w2), "perturbations", "capsim sensitivity", false, () -> 0L).update(1, 92);
        assertEquals("", w2.toString());
    }

    @Test
    void onATerminalAnInterruptionEndsTheBarsLine() {
        StringWriter w = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintWriter(w), "runs", "capsim sweep", true, now::get);
        bar.update(3, 10);
        assertTrue(w.toString().startsWith("\r[#########.....................] 3/10 runs"), w.toString());
        assertTrue(!w.toString().endsWith("\n"));
        bar.interrupted();
        assertTrue(w.toString().endsWith("\n"), "the next line starts on its own");
        int before = w.toString().length();
        now.addAndGet(S);
        bar.update(4, 10);
        assertEquals(before, w.toString().length(), "nothing drawn after the interruption");
    }
}
