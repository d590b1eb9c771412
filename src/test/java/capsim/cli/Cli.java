package capsim.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** The CLI tests' way to run a capsim command line in-process and keep what it printed. */
final class Cli {
    private Cli() {
    }

    /** A finished command line: its exit code and what it wrote to stdout and stderr. */
    record Run(int exit, String stdout, String stderr) {
        /** stdout as the one JSON document {@code --json} prints. */
        JsonObject json() {
            return JsonParser.parseString(stdout).getAsJsonObject();
        }

        /** The results folder that document names. */
        Path dir() {
            return Path.of(json().get("resultsDir").getAsString());
        }
    }

    static Run cli(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        return new Run(code, o.toString(), e.toString());
    }
}
