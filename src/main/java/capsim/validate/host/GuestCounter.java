package capsim.validate.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A busy guest's progress as its console shows it: the guest's {@code /init} in busy mode
 * ({@link GuestImage}, kernel argument {@code capsim.busy=M}) prints {@code capsim: count N}
 * after every M iterations of a shell arithmetic loop. The counter reads the console file as it
 * grows (only complete lines: the last one may still be written) and keeps, for each count, the
 * host time it was first seen; the progress rate over a window is then counts per second of host
 * time between the first and the last count seen in it. Polling every few tens of ms keeps the
 * error of those times small against a window of seconds.
 */
public final class GuestCounter {
    static final Pattern COUNT = Pattern.compile("^capsim: count (\\d+)\\s*$");

    /** One count line, with the host time (System.nanoTime) it was first seen. */
    public record Seen(long count, long nanos) {
    }

    private final Path console;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    private final List<Seen> seen = new ArrayList<>();

    public GuestCounter(Path console) {
        this.console = console;
    }

    /** The count a console line reports, if it is a count line. */
    public static OptionalLong count(String line) {
        Matcher m = COUNT.matcher(line);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * Splits newly read console text into complete lines, keeping the unfinished rest in
     * {@code partial} for the next read; returns the counts of the complete count lines.
     */
    static List<Long> counts(StringBuilder partial, String more) {
        partial.append(more);
        List<Long> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < partial.length(); i++) {
            if (partial.charAt(i) != '\n') continue;
            String line = partial.substring(start, i);
            count(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).ifPresent(out::add);
            start = i + 1;
        }
        partial.delete(0, start);
        return out;
    }

    /** Reads what the console gained since the last poll and stamps each new count with {@code nowNanos}. */
    public void poll(long nowNanos) throws IOException {
        if (!Files.exists(console)) return;
        String more;
        try (RandomAccessFile f = new RandomAccessFile(console.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) return;
            byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            offset += b.length;
            more = new String(b, StandardCharsets.ISO_8859_1);
        }
        for (long c : counts(partial, more)) record(c, nowNanos);
    }

    void record(long count, long nanos) {
        seen.add(new Seen(count, nanos));
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The last count seen, or 0. */
    public long last() {
        return seen.isEmpty() ? 0 : seen.get(seen.size() - 1).count();
    }

    /**
     * Counts per second of host time from {@code fromNanos} to {@code toNanos}: between the first
     * poll at or after the start that saw a count and the last poll at or before the end that saw
     * one, each taken at the highest count it saw (the line written last before that poll, so the
     * poll's time is closest to when it was written). NaN with fewer than two such polls.
     */
    public double rate(long fromNanos, long toNanos) {
        return rate(seen, fromNanos, toNanos);
    }

    static double rate(List<Seen> seen, long fromNanos, long toNanos) {
        Seen first = null;
        Seen last = null;
        for (Seen s : seen) {
            if (s.nanos() < fromNanos || s.nanos() > toNanos) continue;
            // the highest count of the first poll in the window
            if (first == null || s.nanos() == first.nanos()) first = s;
            last = s;
        }
        if (first == null || last == first || last.nanos() == first.nanos()) return Double.NaN;
        return (last.count() - first.count()) / ((last.nanos() - first.nanos()) / 1e9);
    }
}
