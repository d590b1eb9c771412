package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;

import capsim.cli.Cli.Run;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that read at a glance: chart axes in words with units, CSV columns with their units
 * stated, curves drawn in x order with failed rows marked, points where a run broke marked and
 * left out of the growth fits, no usage chart where no simulated time passed.
 */
class OutputsReadTest {
    private static final Pattern TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");
    private static final Pattern PATH = Pattern.compile("<path d='([^']*)'");

    @TempDir
    Path tmp;

    /** Guests 10..80, libvirtd with 180 fds: the 80-guest point breaks, the others complete. */
    private Run sweep() {
        return cli("sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=10,20,40,80", "-r", "1",
                "--set", "stack.libvirt.daemonNofile=180", "--json", "--out", tmp.resolve("sweep").toString());
    }

    @Test
    void aSweepNamesItsAxisAndLeavesBrokenPointsOutOfTheFits() throws Exception {
        Run r = sweep();
        assertEquals(1, r.exit(), r.stderr());   // a run broke
        Path dir = r.dir();
        List<Map<String, String>> summary = csv(dir.resolve("summary.csv"));
        assertTrue(summary.get(0).containsKey("steps[0].count"), "the axis column is its first path: " + summary.get(0).keySet());
        assertFalse(summary.get(0).keySet().stream().anyMatch(k -> k.contains(",")), "no column named by joined paths");
        Map<String, String> axisColumn = csv(dir.resolve("columns.csv")).stream()
                .filter(c -> c.get("file").equals("summary.csv") && c.get("column").equals("steps[0].count")).findFirst().orElseThrow();
        assertTrue(axisColumn.get("meaning").contains("guests (steps[0].count = steps[1].count)"), axisColumn.toString());

        // which points broke, from runs.csv; the fit from summary.csv's means, computed here
        Map<Double, Boolean> broke = new HashMap<>();
        for (Map<String, String> run : csv(dir.resolve("runs.csv"))) {
            broke.merge(Double.parseDouble(run.get("steps[0].count")), run.get("outcome").equals("broke"), Boolean::logicalOr);
        }
        List<double[]> completed = new ArrayList<>();
        List<double[]> all = new ArrayList<>();
        for (Map<String, String> row : summary) {
            if (!row.get("metric").equals("guests.started")) continue;
            double x = Double.parseDouble(row.get("steps[0].count"));
            double[] p = {x, Double.parseDouble(row.get("mean"))};
            all.add(p);
            if (!broke.get(x)) completed.add(p);
        }
        assertEquals(3, completed.size(), "three points complete, one breaks: " + broke);
        double expected = slope(completed);
        assertTrue(Math.abs(slope(all) - expected) > 0.01, "the broken point would bend the fit: " + slope(all) + " vs " + expected);
        Map<String, String> fit = csv(dir.resolve("fits.csv")).stream().filter(f -> f.get("metric").equals("guests.started"))
                .findFirst().orElseThrow();
        assertEquals(expected, Double.parseDouble(fit.get("exponent")), 1e-9);
        assertEquals("3", fit.get("points"));
        assertEquals("1", fit.get("brokenExcluded"));
        for (JsonElement f : r.json().getAsJsonArray("fits")) {
            if (f.getAsJsonObject().get("metric").getAsString().equals("guests.started")) {
                assertEquals(1, f.getAsJsonObject().get("brokenPointsExcluded").getAsInt());
            }
        }

        // the chart: axis in words, the broken point a cross in the legend, no band where none is drawn
        List<String> texts = texts(dir.resolve("charts/guests.started.svg"));
        assertTrue(texts.contains("guests"), "x axis title: " + texts);
        assertTrue(texts.contains("a run broke here"), "broken points marked: " + texts);
        assertTrue(texts.stream().noneMatch(t -> t.contains("steps[0].count")), "no path as a label: " + texts);
        assertTrue(texts.stream().noneMatch(t -> t.contains("confidence band")), "one replication draws no band: " + texts);
        List<String> loglog = texts(dir.resolve("charts/guests.started.loglog.svg"));
        assertTrue(loglog.stream().anyMatch(t -> t.contains("1 point where a run broke (✕) left out")), loglog.toString());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("Fits are on the completed points only"), report);
    }

    @Test
    void aCurveIsDrawnInXOrderWithItsFailedRowsMarked() throws Exception {
        Run r = cli("run", "experiments/f17-migrate-65-concurrent.json", "--json", "--out", tmp.resolve("f17").toString());
        Path svg = r.dir().resolve("charts/curve-migrations-s.svg");
        List<String> texts = texts(svg);
        assertTrue(texts.contains("migrations: time against guest"), texts.toString());
        // the failed migration (guest 65, as curve-migrations.csv says) is a cross, not the end of the line
        long failed = Files.readAllLines(r.dir().resolve("curve-migrations.csv")).stream().skip(1).filter(l -> l.endsWith(",1")).count();
        assertEquals(1, failed);
        assertTrue(texts.contains("failed (" + failed + ")"), texts.toString());
        assertTrue(texts.stream().noneMatch(t -> t.equals("timeS")), texts.toString());
        int lines = 0;
        for (String d : paths(svg)) {
            // the data lines: plain polylines of many points (glyphs and shapes have curves or close)
            if (!d.matches("M[-0-9.,L]+") || d.split("L").length < 10) continue;
            lines++;
            double prev = Double.NEGATIVE_INFINITY;
            for (String p : d.substring(1).split("L")) {
                double x = Double.parseDouble(p.split(",")[0]);
                assertTrue(x >= prev, "the line runs left to right: " + d);
                prev = x;
            }
        }
        assertTrue(lines > 0, "found the line");
    }

    @Test
    void aRunWithoutSimulatedTimeHasNoUsageChartButANote() throws Exception {
        Run r = cli("run", "experiments/f01-dump-time-vs-host-ram.json", "--json", "--out", tmp.resolve("f01").toString());
        assertFalse(Files.exists(r.dir().resolve("charts/usage.svg")), "no chart of usage over no time");
        assertTrue(Files.readString(r.dir().resolve("report.md")).contains("No usage chart: no simulated time passed"));
        List<String> texts = texts(r.dir().resolve("charts/curve-dump.svg"));
        assertTrue(texts.contains("RAM (TiB)"), "the dump's RAM axis in TiB: " + texts);
        assertTrue(texts.contains("standalone") && texts.contains("kdump"), "legend without unit suffixes: " + texts);
        List<Map<String, String>> columns = csv(r.dir().resolve("columns.csv"));
        assertTrue(columns.stream().anyMatch(c -> c.get("file").equals("curve-dump.csv") && c.get("column").equals("standaloneS")
                && c.get("unit").equals("s")), columns.toString());
    }

    @Test
    void theRunTextSaysTimesAndLargeMemoryReadably() {
        Run r = cli("run", "experiments/f13-ram-1tb.json", "--out", tmp.resolve("f13").toString());
        // 1,032,192 MiB of usable RAM is 1,008 GiB
        assertTrue(r.stdout().contains("limit 1,032,192 MiB (" + String.format(java.util.Locale.ROOT, "%,d", 1_032_192 / 1024) + " GiB)"),
                r.stdout());
        assertTrue(r.stdout().matches("(?s).*hw\\.host\\.memory +[0-9,.]+ GiB +\\(limit 1,008 GiB, 100%\\).*"), r.stdout());
        Run f17 = cli("run", "experiments/f17-migrate-65-concurrent.json", "--out", tmp.resolve("f17").toString());
        assertTrue(f17.stdout().contains(" 1. at 0 s "), "a breaking point at the start is at 0 s: " + f17.stdout());
        assertFalse(f17.stdout().contains("µs"), f17.stdout());
    }

    /** The least-squares slope of log y on log x. */
    private static double slope(List<double[]> pts) {
        double n = pts.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : pts) {
            double x = Math.log(p[0]);
            double y = Math.log(p[1]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    private static List<String> texts(Path svg) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = TEXT.matcher(Files.readString(svg));
        while (m.find()) out.add(m.group(1).replace("&amp;", "&"));
        return out;
    }

    private static List<String> paths(Path svg) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher m = PATH.matcher(Files.readString(svg));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** A CSV as rows by header (the fields capsim writes here have no commas inside quotes but the axis's). */
    private static List<Map<String, String>> csv(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        List<String> head = fields(lines.get(0));
        List<Map<String, String>> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            List<String> f = fields(l);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < head.size(); i++) row.put(head.get(i), i < f.size() ? f.get(i) : "");
            out.add(row);
        }
        return out;
    }

    /** RFC 4180 fields of one line. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }
}
