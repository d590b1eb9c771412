package capsim.experiment;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The one namer of results folders: {@code <label>-<timestamp>}, then {@code -2}, {@code -3} ...
 * when that name is taken, so a new result never lands in an existing folder. The labels say
 * what ran: {@code <experiment>-seed<seed>} for a run, {@code <experiment>-<command>} for a
 * sweep, comparison, walls search or tuning plan.
 */
public final class ResultsFolders {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultsFolders() {
    }

    /** The label of one run's folder. */
    public static String runLabel(String experiment, long seed) {
        return experiment + "-seed" + seed;
    }

    /** The label of a command's folder over an experiment ({@code sweep}, {@code compare}, {@code walls}, {@code tune}). */
    public static String label(String experiment, String command) {
        return experiment + "-" + command;
    }

    /** {@code <label>-<timestamp>}, with every character a file name should not hold replaced by '_'. */
    public static String stamped(String label) {
        return prefix(label) + LocalDateTime.now().format(STAMP);
    }

    /** What every folder {@link #stamped} names for {@code label} starts with, whatever its time. */
    public static String prefix(String label) {
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
        // a file name holds 255 bytes: a long experiment name is cut, the stamp and a -N suffix kept
        if (safe.length() > 120) safe = safe.substring(0, 120);
        return safe + "-";
    }

    /** The {@code i}-th name to try (from 1): the name itself, then {@code name-2}, {@code name-3} ... */
    public static String candidate(String name, int i) {
        return i == 1 ? name : name + "-" + i;
    }

    /**
     * Creates a new folder {@code <label>-<timestamp>} under {@code base} (the next free
     * candidate) and returns it; used where the folder is written in place (a batch that can be resumed).
     */
    public static Path createNew(Path base, String label) throws IOException {
        Files.createDirectories(base);
        String name = stamped(label);
        for (int i = 1; ; i++) {
            try {
                return Files.createDirectory(base.resolve(candidate(name, i)));
            } catch (FileAlreadyExistsException e) {
                // taken: next
            }
        }
    }
}
