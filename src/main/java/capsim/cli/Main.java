package capsim.cli;

import capsim.config.InputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code capsim} command. Exit codes: 0 success, 1 the experiment broke, 2 bad input, 3 capsim itself failed (out of memory, a bug), 130 interrupted (Ctrl-C). */
@Command(name = "capsim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Discrete-event capacity simulator for KVM hosts.",
        subcommands = {RunCommand.class, SweepCommand.class, WallsCommand.class, TuneCommand.class, CompareCommand.class, SensitivityCommand.class,
            SchemaCommand.class, HostCommand.class, ValidateCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BROKE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** capsim itself failed (out of memory, a bug): neither the experiment's outcome nor the input's fault. */
    public static final int EXIT_INTERNAL = 3;

    public static void main(String[] args) {
        Interrupt.install();
        int code = execute(args);
        Interrupt.finished();
        System.exit(code);
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as typed, quoted for a shell where needed: for reports. */
    static String commandText(picocli.CommandLine.Model.CommandSpec spec) {
        StringBuilder sb = new StringBuilder("capsim");   // the original arguments start with the subcommand
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./=,:\\[\\]*+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // every command answers --version alike, and its help wraps at spaces only
        for (CommandLine c : HelpText.all(cl)) c.getCommandSpec().versionProvider(new Version());
        HelpText.install(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (Interrupt.interrupting()) return Interrupt.EXIT_INTERRUPTED;   // the hook has said it; no trace
            if (ex instanceof InputException ie) {
                cmd.getErr().println("capsim: bad input: " + ie.getMessage());
                return EXIT_BAD_INPUT;
            }
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof OutOfMemoryError) {
                    cmd.getErr().println("capsim: out of memory: the JVM's heap is too small for this work; give it more"
                            + " (CAPSIM_JAVA_OPTS=-Xmx8g ./capsim ...) or run fewer --jobs");
                    return EXIT_INTERNAL;
                }
            }
            // not the input and not the model's verdict: a bug, with its trace, never exit 1 ("broke")
            cmd.getErr().println("capsim: internal error (please report it with the command line and the trace below)");
            ex.printStackTrace(cmd.getErr());
            return EXIT_INTERNAL;
        });
        // a usage mistake is one line and a hint, not the whole usage
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("capsim: bad input: " + usageMistake(ex, args));
            cmd.getErr().println("try: " + cmd.getCommandSpec().qualifiedName() + " --help");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    /**
     * The one line for a usage mistake. A mistyped option is named first, with the closest option
     * of its command: picocli reports it last (after the required option or parameter it then
     * misses, and with the arguments it swallowed), which hides the typo.
     */
    static String usageMistake(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String unknown = unknownOption(cmd, args);
        if (unknown != null) {
            List<String> names = new ArrayList<>();
            for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
                if (!o.hidden()) names.addAll(List.of(o.names()));
            }
            String name = unknown.contains("=") ? unknown.substring(0, unknown.indexOf('=')) : unknown;
            return "unknown option '" + name + "'" + closest(name, names);
        }
        String line = ex.getMessage();
        if (cmd.getCommandSpec().userObject() instanceof Main && args.length > 0 && !args[0].startsWith("-")
                && ex instanceof CommandLine.UnmatchedArgumentException) {
            // a mistyped command: the closest one
            line += capsim.config.Binder.suggestion(args[0], cmd.getSubcommands().keySet());
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line += "; did you mean \"" + u.getSuggestions().get(0) + "\"?";
        }
        return line;
    }

    /**
     * "; did you mean "--seed" or "--set"?": the options nearest to a mistyped one (all at the
     * least edit distance, within a third of its length), or "" (never for a one-letter option,
     * which is one edit from every other).
     */
    static String closest(String name, List<String> names) {
        if (name.length() <= 2) return "";
        int best = Math.max(1, name.length() / 3);
        List<String> near = new ArrayList<>();
        for (String n : names) {
            int d = capsim.config.Binder.editDistance(name, n);
            if (d < best) near.clear();
            if (d <= best && !near.contains(n)) {
                best = d;
                near.add(n);
            }
        }
        if (near.isEmpty()) return "";
        java.util.Collections.sort(near);
        return "; did you mean \"" + String.join("\" or \"", near) + "\"?";
    }

    /** The first argument that looks like an option of {@code cmd} but is none (after its command's name), or null. */
    private static String unknownOption(CommandLine cmd, String[] args) {
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        List<String> path = new ArrayList<>();
        for (CommandLine.Model.CommandSpec s = spec; s.parent() != null; s = s.parent()) path.add(0, s.name());
        int from = 0;
        for (String name : path) {   // this command's own arguments start after its name
            while (from < args.length && !args[from].equals(name)) from++;
            from++;
        }
        boolean takesValue = false;
        for (int i = Math.min(from, args.length); i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (takesValue) {
                takesValue = false;
                continue;
            }
            if (!a.startsWith("-") || a.equals("-") || a.matches("-[0-9.].*")) continue;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            CommandLine.Model.OptionSpec o = spec.findOption(name);
            if (o == null && name.matches("-[A-Za-z]{2,}")) {   // clustered short options, -hq
                boolean all = true;
                for (char c : name.substring(1).toCharArray()) all &= spec.findOption("-" + c) != null;
                if (all) continue;
            }
            if (o == null) return a;
            takesValue = !a.contains("=") && o.arity().max() > 0;
        }
        return null;
    }
}
