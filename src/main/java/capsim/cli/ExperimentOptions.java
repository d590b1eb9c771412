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
     * written. Writes nothing: a missing folder is made later, by the first result.
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
        // the folder, or the nearest folder above it that exists, must take new entries
        Path existing = abs;
        while (existing != null && !java.nio.file.Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !java.nio.file.Files.isDirectory(existing)) {
            throw new capsim.config.InputException(where, "", 0, "cannot be made: " + existing + " is not a folder");
        }
        if (!java.nio.file.Files.isWritable(existing)) throw new capsim.config.InputException(where, "", 0, existing + " is not writable");
        if (abs.getFileName() != null && abs.getFileName().toString().length() > 200) {
            throw new capsim.config.InputException(where, "", 0, "a folder name of over 200 characters");
        }
    }
}
