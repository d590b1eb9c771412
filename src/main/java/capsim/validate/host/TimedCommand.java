package capsim.validate.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with its output (stdout and stderr together) going to a file, so its time-out
 * holds even when it hangs with its pipes open: reading a pipe to its end before waiting would
 * wait for ever.
 */
final class TimedCommand {
    /** The exit code (-1 when it timed out and was killed) and the output. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private TimedCommand() {
    }

    static Result run(List<String> cmd, Path workDir, Duration timeout, Cleanup cleanup) throws IOException {
        Path out = Files.createTempFile(workDir, "cmd-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = cleanup != null ? cleanup.start(pb) : pb.start();
            try {
                boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    if (cleanup != null) cleanup.kill(p);
                    else p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String text = Files.readString(out, StandardCharsets.UTF_8).strip();
                if (done && cleanup != null) cleanup.forget(p);
                return new Result(done ? p.exitValue() : -1, text);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", cmd));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
