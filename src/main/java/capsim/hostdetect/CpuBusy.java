package capsim.hostdetect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the machine's CPUs are, from the aggregate "cpu" line of /proc/stat: the jiffies
 * spent in user, nice, system, irq, softirq and steal against idle and iowait, between two reads.
 */
public final class CpuBusy {
    private CpuBusy() {
    }

    /** Busy and total jiffies of the aggregate cpu line (guest time is already in user). */
    public record Jiffies(long busy, long total) {
        /** CPUs' worth busy between {@code before} and this, on {@code cpus} CPUs. */
        public double busyCpusSince(Jiffies before, int cpus) {
            long dt = total - before.total;
            return dt <= 0 ? 0 : (double) (busy - before.busy) / dt * cpus;
        }
    }

    /** The first line "cpu  user nice system idle iowait irq softirq steal ...". */
    public static Jiffies parse(List<String> procStat) {
        for (String line : procStat) {
            if (!line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            long[] v = new long[f.length - 1];
            for (int i = 1; i < f.length; i++) v[i - 1] = Long.parseLong(f[i]);
            long idle = v[3] + (v.length > 4 ? v[4] : 0);
            long busy = v[0] + v[1] + v[2] + (v.length > 5 ? v[5] : 0) + (v.length > 6 ? v[6] : 0) + (v.length > 7 ? v[7] : 0);
            return new Jiffies(busy, busy + idle);
        }
        throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
    }

    public static Jiffies read(Path procStat) throws IOException {
        return parse(Files.readAllLines(procStat));
    }

    /** CPUs' worth busy over the next {@code ms} milliseconds. */
    public static double sample(Path procStat, int cpus, long ms) throws IOException {
        Jiffies a = read(procStat);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return read(procStat).busyCpusSince(a, cpus);
    }
}
