package capsim.hostdetect;

import java.io.IOException;
import java.nio.file.Path;

/** What one process holds at one moment, read from /proc/PID: open fds, threads, resident memory. */
public record ProcSample(int fds, int threads, long rssKiB) {

    /** Reads the sample of a live process; throws if it has gone. */
    public static ProcSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        int fds = ProcFiles.countEntries(proc.resolve("fd"));
        int threads = ProcFiles.countEntries(proc.resolve("task"));
        long rss = ProcFiles.keyedKiB(proc.resolve("status"), "VmRSS").orElse(-1);
        if (fds < 0 || threads < 0 || rss < 0) throw new IOException("process " + pid + " has gone");
        return new ProcSample(fds, threads, rss);
    }

    public double rssMiB() {
        return rssKiB / 1024.0;
    }

    public ProcSample plus(ProcSample o) {
        return new ProcSample(fds + o.fds, threads + o.threads, rssKiB + o.rssKiB);
    }
}
