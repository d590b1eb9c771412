package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line conventions: --version everywhere, shell completion, "did you mean", help that wraps at spaces. */
class CliConventionsTest {
    /** Every command's name as typed after "capsim" ("" for capsim itself). */
    private static List<String[]> commands() {
        List<String[]> out = new ArrayList<>();
        for (CommandLine c : HelpText.all(Main.commandLine())) {
            List<String> path = new ArrayList<>();
            for (var s = c.getCommandSpec(); s.parent() != null; s = s.parent()) path.add(0, s.name());
            out.add(path.toArray(String[]::new));
        }
        return out;
    }

    private static String[] with(String[] command, String... more) {
        String[] a = Arrays.copyOf(command, command.length + more.length);
        System.arraycopy(more, 0, a, command.length, more.length);
        return a;
    }

    @Test
    void everyCommandPrintsTheProjectVersion() throws IOException {
        // the version Maven built with: the pom's own <version>, read here from the pom itself
        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.replaceFirst("(?s).*?</parent>", "").replaceFirst("(?s).*?<artifactId>capsim</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertTrue(version.matches("[0-9][0-9A-Za-z.-]*"), version);
        int checked = 0;
        for (String[] c : commands()) {
            if (c.length == 1 && c[0].equals("help")) continue;   // picocli's help command takes a command name, not options
            for (String flag : List.of("--version", "-V")) {
                Cli.Run r = cli(with(c, flag));
                assertEquals(0, r.exit(), String.join(" ", c) + " " + flag + ": " + r.stderr());
                assertTrue(r.stdout().startsWith("capsim " + version + System.lineSeparator()), String.join(" ", c) + ": " + r.stdout());
            }
            checked++;
        }
        assertTrue(checked >= 12, checked + " commands");
    }

    @Test
    void compareTakesVariantsByTheLongNameOnly() {
        Cli.Run r = cli("compare", "--version");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().startsWith("capsim "), r.stdout());
        Cli.Run bad = cli("compare", "experiments/quickstart.json", "--varient", "a=host.cpus=8");
        assertEquals(2, bad.exit());
        assertTrue(bad.stderr().contains("unknown option '--varient'; did you mean \"--variant\"?"), bad.stderr());
    }

    @Test
    void aMistypedOptionIsNamedWithItsNearestOptions() {
        // picocli alone says "Missing required option: '--target'" and hides the typo
        Cli.Run walls = cli("walls", "--targt", "steps[0].count=5", "experiments/quickstart.json");
        assertEquals(2, walls.exit());
        List<String> lines = walls.stderr().lines().toList();
        assertEquals(List.of("capsim: bad input: unknown option '--targt'; did you mean \"--target\"?", "try: capsim walls --help"), lines);
        // two options one edit away: both, not the one the swallowed file made "unknown" too
        Cli.Run run = cli("run", "--sed", "5", "experiments/quickstart.json");
        assertEquals("capsim: bad input: unknown option '--sed'; did you mean \"--seed\" or \"--set\"?", run.stderr().lines().findFirst().orElse(""));
        Cli.Run eq = cli("sweep", "--axes=steps[0].count=1,2", "experiments/quickstart.json");
        assertTrue(eq.stderr().startsWith("capsim: bad input: unknown option '--axes'; did you mean \"--axis\"?"), eq.stderr());
        // a one-letter option is one edit from every other: no guess
        Cli.Run x = cli("run", "-x", "experiments/quickstart.json");
        assertEquals("capsim: bad input: unknown option '-x'", x.stderr().lines().findFirst().orElse(""));
        // far from everything: no guess either
        Cli.Run far = cli("run", "--zzzzzzzz", "experiments/quickstart.json");
        assertEquals("capsim: bad input: unknown option '--zzzzzzzz'", far.stderr().lines().findFirst().orElse(""));
        // an option's value that starts with '-' is a value, and clustered short options are options
        Cli.Run val = cli("sweep", "-qj", "-1", "experiments/quickstart.json", "-a", "steps[0].count=1,2");
        assertTrue(val.stderr().startsWith("capsim: bad input: --jobs -1"), val.stderr());
    }

    @Test
    void aMistypedCommandGetsTheNearestCommand() {
        Cli.Run r = cli("rnu", "experiments/quickstart.json");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().lines().findFirst().orElse("").endsWith("did you mean \"run\"?"), r.stderr());
    }

    /** The usage help of {@code c} at {@code width}, as picocli prints it (with or without capsim's wrapping). */
    private static String usage(CommandLine root, String[] c, int width) {
        root.setUsageHelpWidth(width);
        CommandLine cmd = root;
        for (String name : c) cmd = cmd.getSubcommands().get(name);
        StringWriter w = new StringWriter();
        cmd.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void helpWrapsAtSpacesOnly() {
        int checked = 0;
        for (String[] c : commands()) {
            // the words as written: at a width at which nothing wraps, every word is whole
            List<String> whole = words(usage(Main.commandLine(), c, 1000));
            for (int width : new int[] {80, 100}) {
                String text = usage(Main.commandLine(), c, width);
                assertEquals(whole, words(text), "capsim " + String.join(" ", c) + " at width " + width + ": a word split or lost");
                for (String line : text.split("\\R")) {
                    boolean oneWord = line.strip().indexOf(' ') < 0;   // a word longer than the line cannot wrap
                    assertTrue(line.length() <= width || oneWord, "over " + width + ": " + line);
                }
                checked++;
            }
        }
        assertTrue(checked >= 24, checked + " help texts");
        // the check is not blind: picocli's own wrapping splits host.sysctl (the defect)
        String[] sweep = {"sweep"};
        CommandLine plain = new CommandLine(new Main());
        assertNotEquals(words(usage(plain, sweep, 1000)), words(usage(plain, sweep, 80)));
    }

    @Test
    void completionIsBashThatCompletesCommandsAndOptions(@TempDir Path tmp) throws Exception {
        Cli.Run r = cli("completion");
        assertEquals(0, r.exit(), r.stderr());
        Path script = tmp.resolve("capsim-completion.bash");
        Files.writeString(script, r.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, bash("bash", "-n", script.toString()).exit, "bash -n");
        // complete "capsim ru" and "capsim sweep --re" the way bash's completion calls the function
        String probe = "source " + script + " 2>/dev/null\n"
                + "COMP_WORDS=(capsim ru); COMP_CWORD=1; COMP_LINE='capsim ru'; COMP_POINT=9; _complete_capsim 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(capsim sweep --re); COMP_CWORD=2; COMP_LINE='capsim sweep --re'; COMP_POINT=17; _complete_capsim 2>/dev/null;"
                + " echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(capsim co); COMP_CWORD=1; COMP_LINE='capsim co'; COMP_POINT=9; _complete_capsim 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
        Shell s = bash("bash", "-c", probe);
        List<String> lines = s.out.lines().toList();
        assertEquals(0, s.exit, s.out);
        assertEquals(List.of("run", "--replications --resume", "compare completion"), lines.stream().map(l -> String.join(" ",
                Arrays.stream(l.trim().split(" ")).sorted().toList())).toList());
    }

    private record Shell(int exit, String out) {
    }

    private static Shell bash(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return new Shell(p.exitValue(), out);
    }
}
