package capsim.report;

import capsim.experiment.ResultsFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A new results folder, never an existing one: files are written into a hidden staging folder
 * beside it and the staging folder is renamed into place when complete, so an interrupted run
 * leaves no half-written results folder and an earlier result is never overwritten.
 */
public final class ResultsFolder implements AutoCloseable {
    private final Path base;
    private final String name;
    private final Path staging;
    private Path published;

    private ResultsFolder(Path base, String name, Path staging) {
        this.base = base;
        this.name = name;
        this.staging = staging;
    }

    /** Starts a results folder named {@code <label>-<timestamp>} under {@code base} (named by {@link ResultsFolders}). */
    public static ResultsFolder create(Path base, String label) {
        try {
            Files.createDirectories(base);
            String n = ResultsFolders.stamped(label);
            Path staging = Files.createTempDirectory(base, ".staging-");
            return new ResultsFolder(base, n, staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results folder under " + base, e);
        }
    }

    /** Where to write files before {@link #publish()}. */
    public Path dir() {
        return published != null ? published : staging;
    }

    public Path resolve(String file) {
        return dir().resolve(file);
    }

    /** Renames the staging folder to its final name (adding -2, -3 … if taken); returns it. */
    public Path publish() {
        if (published != null) return published;
        for (int i = 1; ; i++) {
            Path target = base.resolve(ResultsFolders.candidate(name, i));
            if (Files.exists(target)) continue;
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                published = target;
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: try the next name
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException(e);
            } catch (IOException e) {
                if (Files.exists(target)) continue;
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes the staging folder if it was never published. */
    @Override
    public void close() {
        if (published != null || !Files.exists(staging)) return;
        try (Stream<Path> s = Files.walk(staging)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
