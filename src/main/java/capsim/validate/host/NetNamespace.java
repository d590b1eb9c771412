package capsim.validate.host;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away network namespace named {@code capsim-validate-<pid>-<n>}: every link a probe
 * creates lives in it and goes with it, so the host's own interfaces and settings are never
 * touched. Commands run through one long-lived {@code ip -batch -} process, so a timed chunk of
 * commands measures the kernel's work and not one exec per command.
 */
public final class NetNamespace implements AutoCloseable {
    private static final String MARKER_CMD = "link show dev lo";
    private static final String MARKER_PREFIX = "1: lo";
    private static final long SETTLE_MS = 1500;
    /** Untimed commands before the first timed chunk: the first netlink requests of an ip process are slower. */
    public static final int WARM_UP = 4;

    private final Cleanup cleanup;
    private final String name;
    private final Process ip;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final List<String> errors = new ArrayList<>();
    private final Thread errReader;

    private NetNamespace(Cleanup cleanup, String name, Process ip) {
        this.cleanup = cleanup;
        this.name = name;
        this.ip = ip;
        this.in = new BufferedWriter(new OutputStreamWriter(ip.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(ip.getInputStream(), StandardCharsets.UTF_8));
        BufferedReader err = new BufferedReader(new InputStreamReader(ip.getErrorStream(), StandardCharsets.UTF_8));
        this.errReader = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (errors) {
                        errors.add(line);
                    }
                }
            } catch (IOException ignored) {
                // ip exited
            }
        }, "ip-stderr-" + name);
        errReader.setDaemon(true);
        errReader.start();
    }

    /**
     * Creates a namespace and the ip session in it. Throws {@link RefusedException} when ip is
     * missing or the namespace cannot be created (no CAP_SYS_ADMIN).
     */
    public static NetNamespace create(Cleanup cleanup) throws IOException {
        String ipPath = Program.IP.require();
        String name = cleanup.newNamespaceName();
        String why = runOnce(ipPath, "netns", "add", name);
        if (why != null) {
            throw new RefusedException("cannot create a network namespace (ip netns add " + name + ": " + why
                    + "); the network probes need root or CAP_SYS_ADMIN");
        }
        cleanup.namespaceCreated(name);
        Process p = cleanup.start(new ProcessBuilder(ipPath, "-o", "-n", name, "-force", "-batch", "-"));
        return new NetNamespace(cleanup, name, p);
    }

    /** True when this process may create network namespaces (tried with a namespace of its own). */
    public static String whyNot(Cleanup cleanup) {
        var ip = Program.IP.find();
        if (ip.isEmpty()) return Program.IP.missing();
        String name = cleanup.newNamespaceName();
        String why = runOnce(ip.get().toString(), "netns", "add", name);
        if (why != null) return "ip netns add: " + why + " (needs root or CAP_SYS_ADMIN)";
        runOnce(ip.get().toString(), "netns", "delete", name);
        return null;
    }

    /** Runs a command to completion; null on success, else its message. */
    static String runOnce(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : (text.isEmpty() ? "exit " + p.exitValue() : text);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String name() {
        return name;
    }

    /** Runs the commands and waits until ip has done all of them; returns the elapsed nanoseconds. */
    public long timed(List<String> commands) throws IOException {
        long t0 = System.nanoTime();
        query(commands);
        return System.nanoTime() - t0;
    }

    /**
     * Runs the commands; returns what they printed (one line per link with -o). The end of their
     * output is found by the line of lo that a marker command prints, so the commands must not
     * list lo themselves (filter: {@code link show type veth}, {@code link show master br0}).
     */
    public List<String> query(List<String> commands) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String c : commands) sb.append(c).append('\n');
        sb.append(MARKER_CMD).append('\n');
        in.write(sb.toString());
        in.flush();
        List<String> lines = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(MARKER_PREFIX)) return lines;
            lines.add(line);
        }
        throw new IOException("ip -batch in " + name + " ended: " + errors());
    }

    public List<String> query(String command) throws IOException {
        return query(List.of(command));
    }

    /** What ip printed on stderr so far (RTNETLINK errors), and clears it. */
    public List<String> errors() {
        // stderr arrives on its own thread: give it a moment to catch up with stdout
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (errors) {
            List<String> e = List.copyOf(errors);
            errors.clear();
            return e;
        }
    }

    /**
     * Waits after a namespace with many links was deleted: the kernel tears it down
     * asynchronously (cleanup_net on a workqueue), which would slow down the next timed fill.
     */
    public static void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // ip is going anyway
        }
        cleanup.kill(ip);
        if (Cleanup.deleteNamespace(name)) cleanup.namespaceDeleted(name);
    }
}
