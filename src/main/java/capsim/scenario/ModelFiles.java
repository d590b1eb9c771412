package capsim.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one resolver of the file names inputs give: an experiment's host and stack model files,
 * a {@code host=FILE} or {@code stack=FILE} override, a sweep file's experiment. A name is taken
 * as given (relative to the working directory) when that file exists, else relative to the folder
 * of the file that names it, else to each folder above that one.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** The file {@code given} names for a reference from {@code referrer}; empty when there is none. */
    public static Optional<Path> find(Path referrer, String given) {
        Path p = Path.of(given);
        if (Files.exists(p)) return Optional.of(p);
        if (p.isAbsolute()) return Optional.empty();
        for (Path d = referrer.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(given);
            if (Files.exists(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
