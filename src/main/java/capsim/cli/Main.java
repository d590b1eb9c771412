package capsim.cli;

import capsim.config.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code capsim} command. Exit codes: 0 success, 1 the experiment broke, 2 bad input. */
@Command(name = "capsim", mixinStandardHelpOptions = true, version = "capsim 0.1.0",
        description = "Discrete-event capacity simulator for KVM hosts.",
        subcommands = {RunCommand.class, SweepCommand.class, WallsCommand.class, TuneCommand.class, CompareCommand.class, SensitivityCommand.class,
            SchemaCommand.class, HostCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BROKE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
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
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof InputException ie) {
                cmd.getErr().println("capsim: bad input: " + ie.getMessage());
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
        // a usage mistake is one line and a hint, not the whole usage
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            StringBuilder line = new StringBuilder("capsim: bad input: ").append(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
            } else if (cmd.getCommandSpec().userObject() instanceof Main && args.length > 0 && !args[0].startsWith("-")) {
                // a mistyped command: the closest one
                line.append(capsim.config.Binder.suggestion(args[0], cmd.getSubcommands().keySet()));
            }
            cmd.getErr().println(line);
            cmd.getErr().println("try: " + cmd.getCommandSpec().qualifiedName() + " --help");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }
}
