package capsim.hostdetect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole machine's CPU time from the aggregate {@code cpu} line of /proc/stat, in USER_HZ
 * ticks: busy (user, nice, system, irq, softirq, steal; guest time is inside user already) and
 * total (busy + idle + iowait), and the number of CPUs ({@code cpuN} lines). Two readings give
 * the busy fraction of the whole machine between them; a process's ticks from /proc/PID/stat
 * (also USER_HZ) over the same interval give its CPUs' worth without knowing USER_HZ.
 *
 * <p>Read with {@link Files#readAllLines}: /proc files report size 0, and a size-based read
 * would see nothing.
 */
public record CpuTimes(long busy, long total, long steal, int cpus) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Parses /proc/stat's lines: the aggregate "cpu" line and the count of "cpuN" lines. */
    public static CpuTimes parse(List<String> lines) {
        long[] f = null;
        int cpus = 0;
        for (String line : lines) {
            String[] t = line.strip().split("\\s+");
            if (t.length == 0) continue;
            if (t[0].equals("cpu")) {
                f = new long[10];
                for (int i = 1; i < t.length && i <= 10; i++) f[i - 1] = Long.parseLong(t[i]);
            } else if (t[0].startsWith("cpu") && t[0].length() > 3 && Character.isDigit(t[0].charAt(3))) {
                cpus++;
            }
        }
        if (f == null) throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
        // user nice system idle iowait irq softirq steal guest guest_nice; guest and guest_nice are counted in user and nice
        long busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        long idle = f[3] + f[4];
        return new CpuTimes(busy, busy + idle, f[7], Math.max(1, cpus));
    }

    /** Reads /proc/stat now. */
    public static CpuTimes read() throws IOException {
        return parse(Files.readAllLines(PROC_STAT));
    }

    /** The fraction of the whole machine's CPU time that was busy from {@code earlier} to this reading (0..1; NaN if no tick passed). */
    public double busySince(CpuTimes earlier) {
        long dt = total - earlier.total;
        return dt <= 0 ? Double.NaN : (double) (busy - earlier.busy) / dt;
    }

    /** The fraction of the whole machine's CPU time stolen by the hypervisor from {@code earlier} to this reading. */
    public double stealSince(CpuTimes earlier) {
        long dt = total - earlier.total;
        return dt <= 0 ? Double.NaN : (double) (steal - earlier.steal) / dt;
    }

    /**
     * How many CPUs' worth {@code ticks} of process CPU time are over the interval from
     * {@code earlier} to this reading: ticks / (total ticks / CPUs). 1.0 is one CPU all the time.
     */
    public double cpusOf(long ticks, CpuTimes earlier) {
        long dt = total - earlier.total;
        return dt <= 0 ? Double.NaN : ticks / ((double) dt / cpus);
    }

    /** The machine's busy fraction over the next {@code window} (sleeps that long): the host's background load before a point. */
    public static double busyOver(Duration window) throws IOException {
        CpuTimes a = read();
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sampling /proc/stat");
        }
        return read().busySince(a);
    }

    /** A process's user + system CPU time in USER_HZ ticks, from /proc/PID/stat (fields 14 and 15). */
    public static long processTicks(long pid) throws IOException {
        return parseProcessTicks(Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime of a /proc/PID/stat line: counted after the ")" that ends the command name (which may hold spaces). */
    static long parseProcessTicks(List<String> lines) {
        if (lines.isEmpty()) throw new IllegalArgumentException("empty /proc/PID/stat");
        String line = lines.get(0);
        int close = line.lastIndexOf(')');
        String[] t = line.substring(close + 1).strip().split("\\s+");
        // t[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(t[11]) + Long.parseLong(t[12]);
    }
}
