package capsim.hostdetect;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reading /proc and /sys. {@code Files.readString} on /proc/sys returns only the first byte
 * (pid_max reads as "3"): read through a Reader instead.
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    /** The whole text of a /proc or /sys file. */
    public static String read(Path p) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            for (int n; (n = r.read(buf)) > 0; ) sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /** The first whitespace-separated token of a file, as a number. */
    public static long readLong(Path p) throws IOException {
        String t = read(p).strip();
        int sp = indexOfWhitespace(t);
        return Long.parseLong(sp < 0 ? t : t.substring(0, sp));
    }

    /** A /proc/sys value by its sysctl name, e.g. {@code kernel.pid_max}. */
    public static long sysctl(String name) throws IOException {
        return readLong(Path.of("/proc/sys").resolve(name.replace('.', '/')));
    }

    /** The value in kB of a {@code Key: value kB} line of a file like /proc/meminfo or /proc/PID/status. */
    public static OptionalLong keyedKiB(Path p, String key) throws IOException {
        for (String line : read(p).split("\n")) {
            if (line.startsWith(key + ":")) {
                String v = line.substring(key.length() + 1).strip();
                int sp = indexOfWhitespace(v);
                return OptionalLong.of(Long.parseLong(sp < 0 ? v : v.substring(0, sp)));
            }
        }
        return OptionalLong.empty();
    }

    /** Number of CPUs in a /sys cpu list such as {@code 0-3,8-11}. */
    public static int cpuListCount(String list) {
        int n = 0;
        for (String part : list.strip().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    /** Entries of a /proc directory (fds, tasks), or -1 when the process is gone. */
    public static int countEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }
}
