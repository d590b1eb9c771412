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

    /**
     * Refuses a results location that cannot hold results folders, before anything is simulated:
     * an empty name, a file, a device or a kernel file system, a folder that cannot be made or
     * written. Creates the folder itself if it is missing (as writing into it would).
     */
    void checkOut() {
        String given = out.toString();
        String where = "--out " + (given.isEmpty() ? "\"\"" : given);
        if (given.isEmpty()) throw new capsim.config.InputException(where, "", 0, "an empty folder name; give a folder (default: results)");
        Path abs = out.toAbsolutePath().normalize();
        for (String system : List.of("/proc", "/sys", "/dev")) {
            if (abs.startsWith(system)) throw new capsim.config.InputException(where, "", 0, "is under " + system + ", not a place for results folders");
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new capsim.config.InputException(where, "", 0, "is a file, not a folder");
        }
        try {
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException | RuntimeException e) {
            throw new capsim.config.InputException(where, "", 0, "cannot make the folder: " + e.getMessage());
        }
        if (!java.nio.file.Files.isWritable(out)) throw new capsim.config.InputException(where, "", 0, "is not writable");
    }
}
