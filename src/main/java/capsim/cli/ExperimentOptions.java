package capsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that runs an experiment takes alike (a picocli mixin): overrides, results folder, JSON output. */
final class ExperimentOptions {
    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "override a value of the resolved experiment, e.g. host.sysctl.aioMaxNr=1048576 (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "folder under which the results folder is created (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--json", description = "print exactly one JSON document on stdout")
    boolean json;
}
