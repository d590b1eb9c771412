package capsim.validate.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Pins the calling thread to one CPU: taskset -p on its own tid (read from /proc/thread-self), so only that thread moves. */
public final class ThreadAffinity {
    private ThreadAffinity() {
    }

    /** Whether threads can be pinned here (taskset is installed). */
    public static boolean available() {
        return Program.TASKSET.find().isPresent();
    }

    /** Pins the calling thread to {@code cpu}; refuses when taskset is missing. */
    public static void pinCurrentThread(int cpu) throws IOException {
        String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        TimedCommand.Result r = TimedCommand.run(List.of(Program.TASKSET.require(), "-p", "-c", Integer.toString(cpu), tid),
                Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(10), null);
        if (!r.ok()) throw new IOException("taskset -p -c " + cpu + " " + tid + ": " + QemuLauncher.lastLine(r.output()));
    }
}
