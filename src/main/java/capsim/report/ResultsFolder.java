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
 *
 * <p>The staging folder is named {@code .staging-<pid>-<random>}. An interrupt (SIGINT, SIGTERM)
 * deletes it from a shutdown hook; after a SIGKILL, which runs no hook, the next results folder
 * created under the same base deletes the staging folders of processes that are gone.
 */
public final class ResultsFolder implements AutoCloseable {
    private final Path base;
    private final String name;
    private final Path staging;
    private Path published;
    private final Thread cleanup;
    static final String STAGING_PREFIX = ".staging-";

    private ResultsFolder(Path base, String name, Path staging) {
        this.base = base;
        this.name = name;
        this.staging = staging;
        this.cleanup = new Thread(() -> delete(staging), "capsim-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts a results folder named {@code <label>-<timestamp>} under {@code base} (named by {@link ResultsFolders}). */
    public static ResultsFolder create(Path base, String label) {
        try {
            Files.createDirectories(base);
            removeStale(base);
            String n = ResultsFolders.stamped(label);
            Path staging = Files.createTempDirectory(base, STAGING_PREFIX + ProcessHandle.current().pid() + "-");
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
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (published == null) delete(staging);
    }

    /** Deletes the staging folders under {@code base} whose process is gone (killed before it could clean up). */
    static void removeStale(Path base) throws IOException {
        try (Stream<Path> s = Files.list(base)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(STAGING_PREFIX) || !Files.isDirectory(p)) continue;
                String rest = n.substring(STAGING_PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? "" : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;   // not one of ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                delete(p);
            }
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
