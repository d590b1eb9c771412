package capsim.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Usage help that wraps at word boundaries. picocli wraps with the JDK's line
 * {@link java.text.BreakIterator}, which breaks after a '.' before a letter, before '[' and after
 * ',': {@code host.\nsysctl}, {@code runs.\ncsv}, {@code -t=PATH[,PATH]\n=VALUE}. So every section
 * is rendered by picocli at a width at which nothing wraps, and its over-long lines are wrapped
 * here at spaces only, with picocli's indents: a table row's text column (options, commands,
 * exit codes) continues two columns further in, the synopsis under its first option.
 */
final class HelpText {
    /** Wide enough that picocli wraps no line of any capsim help section. */
    static final int UNWRAPPED = 2000;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final List<String> TABLES = List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageMessageSpec.SECTION_KEY_AT_FILE_PARAMETER,
            UsageMessageSpec.SECTION_KEY_END_OF_OPTIONS, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);

    private HelpText() {
    }

    /** Replaces every help section renderer of {@code cl} and its subcommands with a word-wrapping one. */
    static void install(CommandLine cl) {
        Map<String, IHelpSectionRenderer> wrapped = new LinkedHashMap<>();
        for (Map.Entry<String, IHelpSectionRenderer> e : cl.getHelpSectionMap().entrySet()) {
            String key = e.getKey();
            IHelpSectionRenderer picocli = e.getValue();
            wrapped.put(key, help -> render(key, help, picocli));
        }
        cl.setHelpSectionMap(wrapped);   // picocli hands the map down to every subcommand
    }

    private static String render(String key, Help help, IHelpSectionRenderer picocli) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        String wide;
        usage.width(UNWRAPPED);
        try {
            wide = picocli.render(help);
        } finally {
            usage.width(width);
        }
        if (key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
            // on the line of "Usage: "; continued under the first option, as picocli does
            int heading = visible(lastLine(help.synopsisHeading()));
            int text = help.commandSpec().qualifiedName().length() + 1;
            return wrap(wide, width, line -> new Indent(text, heading + text, heading));
        }
        boolean table = TABLES.contains(key);
        return wrap(wide, width, line -> table ? tableIndent(line, width) : new Indent(leading(line), leading(line), 0));
    }

    /** Where a line's text starts, where its continuation lines start, and what precedes it on its first line. */
    private record Indent(int text, int continued, int offset) {
    }

    /** A table row: its text column starts after the first gap of two spaces (or where its text starts). */
    private static Indent tableIndent(String line, int width) {
        String plain = ANSI.matcher(line).replaceAll("");
        int lead = leading(plain);
        int gap = plain.indexOf("  ", lead);
        int text = lead;
        if (gap > 0) {
            int end = gap;
            while (end < plain.length() && plain.charAt(end) == ' ') end++;
            if (end < width / 2) text = end;
        }
        return new Indent(text, text + 2, 0);
    }

    private static String wrap(String section, int width, java.util.function.Function<String, Indent> indent) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        String[] lines = section.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) out.append(nl);
            if (line.isEmpty()) continue;
            Indent in = indent.apply(line);
            if (in.offset() + visible(line) <= width) {
                out.append(line);
                continue;
            }
            int cut = rawIndex(line, in.text());
            StringBuilder row = new StringBuilder(line.substring(0, cut));
            int col = in.offset() + in.text();
            boolean first = true;
            for (String word : line.substring(cut).trim().split(" +")) {
                int w = visible(word);
                if (!first && col + 1 + w > width) {
                    out.append(row.toString().stripTrailing()).append(nl);
                    row.setLength(0);
                    row.append(" ".repeat(in.continued()));
                    col = in.continued();
                    first = true;
                }
                if (!first) {
                    row.append(' ');
                    col++;
                }
                row.append(word);
                col += w;
                first = false;
            }
            out.append(row);
        }
        return out.toString();
    }

    private static int leading(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static String lastLine(String s) {
        String[] parts = s.split("\r?\n", -1);
        return parts[parts.length - 1];
    }

    /** Columns on screen: ANSI colour codes take none. */
    static int visible(String s) {
        return ANSI.matcher(s).replaceAll("").length();
    }

    /** The index in {@code s} of visible column {@code column}, skipping colour codes. */
    private static int rawIndex(String s, int column) {
        int seen = 0;
        int i = 0;
        while (i < s.length() && seen < column) {
            var m = ANSI.matcher(s).region(i, s.length());
            if (m.lookingAt()) {
                i = m.end();
                continue;
            }
            i++;
            seen++;
        }
        return i;
    }

    /** Every command line of the hierarchy, depth first, for tests. */
    static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) out.addAll(all(sub));
        return out;
    }
}
