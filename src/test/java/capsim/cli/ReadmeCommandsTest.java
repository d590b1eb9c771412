package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./capsim} command the README shows works, and where the README shows what it
 * prints, it prints that. Commands come from three places: {@code $ ./capsim ...} lines in text
 * blocks (run, and their printed lines compared in order; a line {@code ...} stands for any number
 * of lines), lines of shell blocks, and {@code `./capsim ...`} spans in the text and tables (run).
 * Every command runs in-process from the repository root, with its results folder and any file it
 * writes moved into a temporary folder, so the README's own paths are what is tested.
 */
class ReadmeCommandsTest {
    private static final Path README = Path.of("README.md");
    /** Commands that drive real QEMU, libvirtd and guests for minutes as root: only parsed here (their probes have their own tests). */
    private static final Set<String> PARSE_ONLY = Set.of("validate");
    /** Commands that take --out FOLDER for their results. */
    private static final Set<String> WRITES_RESULTS = Set.of("run", "sweep", "walls", "tune", "compare", "sensitivity");

    /** One command the README shows, with the lines it shows printed (empty when it shows none). */
    record Shown(int line, String text, List<String> words, List<String> printed) {
    }

    @Test
    void everyCommandTheReadmeShowsRunsAndPrintsWhatItShows(@TempDir Path tmp) throws IOException {
        List<Shown> shown = new ArrayList<>();
        for (Path doc : documents()) {
            for (Shown s : commands(Files.readAllLines(doc))) shown.add(new Shown(s.line(), doc + ":" + s.line() + ": `" + s.text() + "`", s.words(), s.printed()));
        }
        assertTrue(shown.size() >= 10, "found only " + shown.size() + " commands in the README and docs/");
        Map<String, String> written = new java.util.LinkedHashMap<>();   // a path a command writes -> where it went instead
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (Shown s : shown) {
            List<String> args = new ArrayList<>(s.words().subList(1, s.words().size()));
            String command = args.isEmpty() ? "" : args.get(0);
            if (PARSE_ONLY.contains(command)) {
                try {
                    Main.commandLine().parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    wrong.add(s.text() + " does not parse: " + e.getMessage());
                }
                continue;
            }
            boolean outGiven = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                boolean isOut = i > 0 && (args.get(i - 1).equals("--out") || args.get(i - 1).equals("--stack-out"));
                if (isOut) {
                    // what the README writes goes to a temporary folder, the same one for the same path
                    outGiven |= args.get(i - 1).equals("--out");
                    String instead = written.computeIfAbsent(a, k -> tmp.resolve("written-" + written.size() + "-" + Path.of(k).getFileName()).toString());
                    args.set(i, instead);
                } else {
                    for (var w : written.entrySet()) {
                        if (a.startsWith(w.getKey() + "/")) a = w.getValue() + a.substring(w.getKey().length());
                        a = a.replace("=" + w.getKey(), "=" + w.getValue());
                    }
                    args.set(i, a);
                }
            }
            if (WRITES_RESULTS.contains(command) && !outGiven) {
                args.add("--out");
                args.add(tmp.resolve("results-" + (n++)).toString());
            }
            args = globbed(args);
            Cli.Run r = Cli.cli(args.toArray(String[]::new));
            String where = s.text();
            if (r.exit() != Main.EXIT_OK && r.exit() != Main.EXIT_BROKE) {
                wrong.add(where + " exits " + r.exit() + ": " + firstLine(r.stderr()));
                continue;
            }
            if (r.stderr().contains("Exception") || r.stderr().contains("\tat ")) wrong.add(where + " printed a stack trace");
            if (!s.printed().isEmpty()) {
                String mismatch = mismatch(s.printed(), lines(r.stdout()));
                if (mismatch != null) wrong.add(where + ": " + mismatch);
            }
        }
        assertEquals(List.of(), wrong, "the README and what its commands do differ");
    }

    /** A shell's pathname expansion of the words with a {@code *} in their last part (sorted; a word that matches nothing stays). */
    static List<String> globbed(List<String> args) throws IOException {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (!a.contains("*") || p.getParent() == null || p.getParent().toString().contains("*") || !Files.isDirectory(p.getParent())) {
                out.add(a);
                continue;
            }
            var matcher = p.getFileSystem().getPathMatcher("glob:" + p.getFileName());
            List<String> hits = new ArrayList<>();
            try (var ls = Files.list(p.getParent())) {
                ls.filter(f -> matcher.matches(f.getFileName())).map(Path::toString).sorted().forEach(hits::add);
            }
            if (hits.isEmpty()) out.add(a);
            else out.addAll(hits);
        }
        return out;
    }

    /** The README and the manuals in docs/. */
    static List<Path> documents() throws IOException {
        List<Path> out = new ArrayList<>(List.of(README));
        try (var ls = Files.list(Path.of("docs"))) {
            ls.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The README's lines against what the command printed; null when they agree. */
    static String mismatch(List<String> shown, List<String> printed) {
        int p = 0;
        for (int i = 0; i < shown.size(); i++) {
            String want = shown.get(i).stripTrailing();
            if (want.strip().equals("...")) {
                // any number of lines, up to the next shown line
                if (i + 1 == shown.size()) return null;
                String next = shown.get(i + 1).stripTrailing();
                while (p < printed.size() && !matches(next, printed.get(p).stripTrailing())) p++;
                continue;
            }
            if (p >= printed.size()) return "the README shows \"" + want + "\", the command printed nothing more";
            String got = printed.get(p).stripTrailing();
            if (!matches(want, got)) {
                return "line " + (i + 1) + " of the shown output: the README shows\n    \"" + want + "\"\n  the command printed\n    \"" + got + "\"";
            }
            p++;
        }
        return null;
    }

    /** A shown line against a printed one; a line cut short with " ..." shows the start of a longer one. */
    static boolean matches(String want, String got) {
        boolean cut = want.endsWith(" ...");
        String w = normalize(cut ? want.substring(0, want.length() - 4) : want);
        return cut ? normalize(got).startsWith(w) : w.equals(normalize(got));
    }

    /** What differs from run to run on the same inputs: wall-clock times and the results folder's name. */
    static String normalize(String line) {
        return line.replaceAll("wall time [0-9.,]+ (ms|s|min)", "wall time T")
                .replaceAll("results in \\S+", "results in DIR")
                .replaceAll("[^\\s(]*-\\d{8}-\\d{6}(-\\d+)?", "DIR")   // a results folder, wherever it is named
                .replaceAll("(written|wrote) \\S+", "$1 FILE");
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(l.stripTrailing());
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final Pattern SPAN = Pattern.compile("`(\\./capsim [^`]+)`");

    /** Every capsim command of the README, in order. */
    static List<Shown> commands(List<String> readme) {
        List<Shown> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```")) {
                String lang = line.substring(3).strip();
                int end = i + 1;
                while (end < readme.size() && !readme.get(end).startsWith("```")) end++;
                List<String> body = readme.subList(i + 1, end);
                if (lang.equals("text") && !body.isEmpty() && body.get(0).startsWith("$ ./capsim ")) {
                    String cmd = body.get(0).substring(2);
                    out.add(new Shown(i + 2, cmd, words(cmd), List.copyOf(body.subList(1, body.size()))));
                } else if (lang.equals("sh")) {
                    StringBuilder joined = new StringBuilder();
                    int start = -1;
                    for (int j = 0; j < body.size(); j++) {
                        String b = body.get(j);
                        if (joined.isEmpty()) start = i + 2 + j;
                        joined.append(b.endsWith("\\") ? b.substring(0, b.length() - 1) : b);
                        if (b.endsWith("\\")) continue;
                        String cmd = withoutComment(joined.toString()).strip();
                        joined.setLength(0);
                        if (cmd.startsWith("./capsim ") && !isMention(words(cmd))) out.add(new Shown(start, cmd, words(cmd), List.of()));
                    }
                }
                i = end;
                continue;
            }
            Matcher m = SPAN.matcher(line);
            while (m.find()) {
                List<String> w = words(m.group(1));
                if (!isMention(w)) out.add(new Shown(i + 1, m.group(1), w, List.of()));
            }
        }
        return out;
    }

    /**
     * A command named in the prose, not given to run: the bare command ({@code `./capsim run`}) or a
     * synopsis with placeholders ({@code experiments/<file>}, {@code [--seed N]}, {@code EXPERIMENT}).
     */
    static boolean isMention(List<String> words) {
        if (words.size() < 3) return true;
        for (String w : words) {
            if (w.matches(".*<[^>]+>.*") || w.startsWith("[") || w.matches("[A-Z][A-Z_=.]{2,}")) return true;
            if (w.matches(".*-\\d{8}-\\d{6}.*")) return true;   // an earlier run's results folder, named as an example
        }
        return false;
    }

    private static String withoutComment(String line) {
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return line.substring(0, i);
        }
        return line;
    }

    /** A shell's word splitting, for the quoting the README uses: '...', "..." and backslash. */
    static List<String> words(String cmd) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (c == '\'') {
                int j = cmd.indexOf('\'', i + 1);
                if (j < 0) throw new IllegalArgumentException("unclosed ' in " + cmd);
                w.append(cmd, i + 1, j);
                i = j;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < cmd.length() && cmd.charAt(j) != '"'; j++) {
                    if (cmd.charAt(j) == '\\' && j + 1 < cmd.length() && "\"\\$`".indexOf(cmd.charAt(j + 1)) >= 0) j++;
                    w.append(cmd.charAt(j));
                }
                if (j >= cmd.length()) throw new IllegalArgumentException("unclosed \" in " + cmd);
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < cmd.length()) {
                w.append(cmd.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(w.toString());
        return out;
    }

    @Test
    void theCommandFinderReadsTheReadmesQuotingAsAShellDoes() {
        assertEquals(List.of("./capsim", "walls", "x.json", "--target", "steps[0].count,steps[1].count=8192"),
                words("./capsim walls x.json --target 'steps[0].count,steps[1].count=8192'"));
        assertEquals(List.of("./capsim", "compare", "--variant", "event-loop=steps[2].design=\"event-loop\""),
                words("./capsim compare --variant event-loop='steps[2].design=\"event-loop\"'"));
        assertEquals(List.of("a", "b c", "d"), words("a \"b c\" d"));
        List<Shown> found = commands(List.of("text `./capsim run a.json` and `--jobs`", "```sh",
                "./capsim compare a.json \\", "  --axis 'x=1..2'   # two points", "mvn -B -ntp verify", "```",
                "```text", "$ ./capsim run b.json", "b (seed 1): COMPLETED", "...", "wall time 1 s", "```"));
        assertEquals(3, found.size());
        assertTrue(isMention(words("./capsim run")));
        assertTrue(isMention(words("./capsim run experiments/<file>")));
        assertTrue(isMention(words("./capsim run EXPERIMENT [--set PATH=VALUE]...")));
        assertFalse(isMention(words("./capsim run experiments/quickstart.json --set steps[0].count=600")));
        assertTrue(isMention(words("./capsim sweep --resume results/q-sweep-20261126-111519")));
        assertNull(mismatch(List.of("  a  b ..."), List.of("  a  b  c  d")));
        assertNotNull(mismatch(List.of("  a  x ..."), List.of("  a  b  c  d")));
        assertNull(mismatch(List.of("h", "...", "  z  b ..."), List.of("h", "  y  b  c", "  z  b  c")));
        assertNull(mismatch(List.of("plan (results/q-tune-20261201-160331/plan):"), List.of("plan (/tmp/x/results-2/q-tune-20261202-171846-2/plan):")));
        assertEquals(List.of("./capsim", "compare", "a.json", "--axis", "x=1..2"), found.get(1).words());
        assertEquals(List.of("b (seed 1): COMPLETED", "...", "wall time 1 s"), found.get(2).printed());
        // "..." skips lines, and a wrong line is found
        assertNull(mismatch(List.of("a", "...", "d"), List.of("a", "b", "c", "d")));
        assertNotNull(mismatch(List.of("a", "x"), List.of("a", "b")));
        assertNull(mismatch(List.of("wall time 0.21 s; results in results/q-1"), List.of("wall time 3.5 s; results in /tmp/x/q-2")));
    }
}
