package capsim.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart details a reader relies on, read back from the SVG a chart writes. */
class ChartsTest {
    @TempDir
    Path tmp;

    @Test
    void linesThatEndTogetherAreNamedTogether() throws Exception {
        double[] t = {0, 60, 120};
        List<Charts.Trace> traces = List.of(new Charts.Trace("a.pool", t, new double[] {0, 50, 100}),
                new Charts.Trace("b.pool", t, new double[] {0, 40, 100}), new Charts.Trace("c.pool", t, new double[] {0, 25, 50}));
        ChartFiles.save(Charts.usage("usage", "", "usage (% of limit)", traces, 100, List.of(), true), tmp, "u");
        String svg = Files.readString(tmp.resolve("u.svg"));
        assertTrue(svg.contains(">a.pool, b.pool (together)<"), "the two at 100% are named at their end");
        assertFalse(svg.contains("c.pool (together)") || svg.contains("c.pool, "), "the one at 50% ends alone");
    }

    @Test
    void laterLinesAreDashedSoCoincidingOnesStillShow() {
        assertNull(Charts.stroke(0, 3).getDashArray());
        assertNotNull(Charts.stroke(1, 3).getDashArray());
        assertNotEquals(java.util.Arrays.toString(Charts.stroke(1, 3).getDashArray()),
                java.util.Arrays.toString(Charts.stroke(2, 3).getDashArray()));
        assertNull(Charts.stroke(0, 1).getDashArray(), "a lone line is solid");
    }
}
