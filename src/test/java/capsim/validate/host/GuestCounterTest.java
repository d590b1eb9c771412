package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The busy guest's count lines: parsed from complete lines only, stamped by poll, turned into a rate. */
class GuestCounterTest {
    @TempDir
    Path tmp;

    @Test
    void countLinesAreRecognisedAndOthersAreNot() {
        assertEquals(17, GuestCounter.count("capsim: count 17").getAsLong());
        assertEquals(17, GuestCounter.count("capsim: count 17  ").getAsLong());
        assertTrue(GuestCounter.count("capsim: ready nics=0 disks=0").isEmpty());
        assertTrue(GuestCounter.count("[    1.234] capsim: count 3 more").isEmpty());
        assertTrue(GuestCounter.count("capsim: count ").isEmpty());
        assertTrue(GuestCounter.count("xcapsim: count 5").isEmpty(), "a line starts with it");
    }

    @Test
    void onlyCompleteLinesCountAndTheRestWaitsForTheNextRead() {
        StringBuilder partial = new StringBuilder();
        // the console: kernel noise, the ready line, counts with the serial port's CRLF, and a count still being written
        assertEquals(List.of(1L, 2L), GuestCounter.counts(partial, "Run /init\r\ncapsim: ready nics=0 disks=0\r\ncapsim: count 1\r\ncapsim: count 2\ncapsim: cou"));
        assertEquals("capsim: cou", partial.toString());
        // "capsim: count 3" was cut after "1" once: it is 3, not 1
        assertEquals(List.of(), GuestCounter.counts(partial, "nt 3"));
        assertEquals(List.of(3L, 4L), GuestCounter.counts(partial, "\r\ncapsim: count 4\r\n"));
        assertEquals("", partial.toString());
    }

    @Test
    void theRateRunsFromTheFirstToTheLastPollInTheWindowEachAtItsHighestCount() {
        long s = 1_000_000_000L;
        List<GuestCounter.Seen> seen = List.of(
                new GuestCounter.Seen(5, 0), // before the window
                new GuestCounter.Seen(6, 1 * s), new GuestCounter.Seen(7, 1 * s), new GuestCounter.Seen(8, 1 * s), // one poll saw three
                new GuestCounter.Seen(18, 2 * s),
                new GuestCounter.Seen(28, 3 * s),
                new GuestCounter.Seen(38, 4 * s)); // after the window
        // from count 8 at 1 s (the highest of that poll) to 28 at 3 s: 10 per second
        assertEquals(10.0, GuestCounter.rate(seen, s / 2, 3 * s + s / 2), 1e-9);
        assertTrue(Double.isNaN(GuestCounter.rate(seen, 5 * s, 6 * s)), "no count in the window");
        assertTrue(Double.isNaN(GuestCounter.rate(seen, s, s)), "one poll only");
    }

    @Test
    void pollingAGrowingConsoleFileStampsEachNewCount() throws Exception {
        Path console = tmp.resolve("g1.console");
        GuestCounter c = new GuestCounter(console);
        c.poll(1);
        assertEquals(0, c.last(), "no file yet");
        Files.writeString(console, "Linux version 6.1\r\ncapsim: ready nics=0 disks=0\r\ncapsim: count 1\r\ncapsim: co", StandardCharsets.ISO_8859_1);
        c.poll(100);
        Files.writeString(console, "unt 2\r\ncapsim: count 3\r\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        c.poll(200);
        c.poll(300);
        assertEquals(List.of(new GuestCounter.Seen(1, 100), new GuestCounter.Seen(2, 200), new GuestCounter.Seen(3, 200)), c.seen());
        assertEquals(3, c.last());
        // from count 1 at 100 ns to count 3 at 200 ns
        assertEquals(2 / (100 / 1e9), c.rate(0, 300), 1);
    }
}
