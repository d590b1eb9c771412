package capsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the committed corpus of broken and extreme inputs
 * (src/test/resources/bad-input-corpus, written by scripts/make-bad-input-corpus) run through
 * the command line in-process: a broken input is exit 2, one line naming where ("capsim: bad
 * input: ...", at most a "try: ..." after it), no stack trace, nothing on stdout, nothing written
 * under --out, within a time bound; an extreme but valid one completes or breaks.
 */
class BadInputCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad-input-corpus");
    private static final long BOUND_NS = 20_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void everyCaseIsOneClearLineOrARun() throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve("cases.tsv"));
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            cases++;
            String[] f = line.split("\t", -1);
            String expect = f[0];
            Path out = tmp.resolve("out-" + cases);
            String[] args = Arrays.stream(f, 1, f.length)
                    .map(a -> a.replace("$CORPUS", CORPUS.toString()).replace("$OUT", out.toString())).toArray(String[]::new);
            long t0 = System.nanoTime();
            Cli.Run r;
            try {
                r = Cli.cli(args);
            } catch (Throwable t) {
                wrong.add(line + "  ->  threw " + t);
                continue;
            }
            long ns = System.nanoTime() - t0;
            String problem = check(expect, r, out, ns);
            if (problem != null) wrong.add(line + "  ->  " + problem);
        }
        assertTrue(cases >= 300, "the corpus holds " + cases + " cases");
        assertEquals(List.of(), wrong, wrong.size() + " of " + cases + " cases");
    }

    private static String check(String expect, Cli.Run r, Path out, long ns) throws IOException {
        if (ns > BOUND_NS) return "took " + ns / 1_000_000 + " ms";
        String err = r.stderr();
        if (err.contains("Exception") || err.contains("\tat ")) return "a stack trace: " + err.lines().findFirst().orElse("");
        if (expect.equals("0|1")) return r.exit() == 0 || r.exit() == 1 ? null : "exit " + r.exit() + ": " + err;
        if (r.exit() != 2) return "exit " + r.exit() + " (stderr " + err.strip() + ")";
        List<String> errLines = err.lines().toList();
        if (errLines.isEmpty() || !errLines.get(0).startsWith("capsim: bad input: ")) return "not one bad-input line: " + err;
        if (errLines.size() > 2 || (errLines.size() == 2 && !errLines.get(1).startsWith("try: "))) return errLines.size() + " lines: " + err;
        if (!r.stdout().isEmpty()) return "stdout: " + r.stdout();
        if (Files.exists(out)) return "wrote " + out;
        return null;
    }
}
