package capsim.validate.probe;

import capsim.validate.host.LibvirtdSandbox;
import capsim.validate.host.RefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the two libvirt probes share: the refusal, the machined note, a settled fd count, short error texts. */
final class LibvirtProbes {
    /** NICs per guest in libvirt-guests: user networking, so libvirtd opens no tap for them. */
    static final int NICS = 1;
    private static final Path SYSTEM_BUS = Path.of("/run/dbus/system_bus_socket");

    private LibvirtProbes() {
    }

    static void refuseUnlessPossible(String probe) {
        String why = LibvirtdSandbox.whyNot();
        if (why != null) throw new RefusedException(probe + " needs a private libvirtd: " + why);
    }

    static void noteMachined(ProbeResult r) {
        if (!Files.exists(SYSTEM_BUS)) {
            r.note("no D-Bus system bus here (" + SYSTEM_BUS + "): libvirt does not call systemd-machined, so CreateMachine"
                    + " (its fds, time and the machined limits) is not measured");
        } else {
            r.note("a D-Bus system bus exists, but the private libvirtd runs in its own network namespace; whether it"
                    + " registered with machined is not checked: CreateMachine is not measured");
        }
    }

    /**
     * libvirtd's fd count once it has settled: the virsh client that just disconnected may not
     * have been reaped by the daemon's event loop yet. Two equal reads 50 ms apart, at most 2 s.
     */
    static int settledFds(LibvirtdSandbox sb) throws IOException {
        int last = sb.fdCount();
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            sleep(50);
            int now = sb.fdCount();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    static int settledThreads(LibvirtdSandbox sb) throws IOException {
        int last = sb.threadCount();
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            sleep(50);
            int now = sb.threadCount();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    /** What the kinds of fds grew by from {@code before} to {@code after}, e.g. {socket=16, anon_inode:[eventfd]=16}. */
    static Map<String, Integer> growth(SortedMap<String, Integer> before, SortedMap<String, Integer> after) {
        Map<String, Integer> out = new TreeMap<>();
        for (var e : after.entrySet()) {
            int d = e.getValue() - before.getOrDefault(e.getKey(), 0);
            if (d != 0) out.put(e.getKey(), d);
        }
        for (var e : before.entrySet()) if (!after.containsKey(e.getKey())) out.put(e.getKey(), -e.getValue());
        return out;
    }

    /** virsh's error lines, with the QEMU command line libvirt quotes cut out. */
    static String shortError(String virshOutput) {
        StringBuilder sb = new StringBuilder();
        for (String line : virshOutput.lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("error: Failed to create domain from")) continue;
            l = l.replaceAll("Child process \\(.*\\) unexpected", "Child process (QEMU's command line) unexpected");
            if (sb.length() > 0) sb.append("; ");
            sb.append(l);
        }
        String s = sb.toString();
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
