package capsim.validate.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything a validation run creates on the host, so that it is removed again on success,
 * failure and Ctrl-C (a shutdown hook): processes (with their descendants), network namespaces
 * and temporary folders. Everything carries the tag {@code capsim-validate-<pid>} in its name or
 * command line, so that what a killed earlier run left behind is found by {@link #sweepStale}
 * at the next start: a tag whose pid is no longer alive.
 */
public final class Cleanup implements AutoCloseable {
    public static final String PREFIX = "capsim-validate-";
    private static final Pattern TAG = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)");
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final String tag;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final Thread hook;
    private int namespaceCount;
    private boolean closed;

    public Cleanup() {
        this(ProcessHandle.current().pid());
    }

    /** A cleanup whose tag names {@code ownerPid}: for tests that leave things behind as a killed run of that pid would. */
    Cleanup(long ownerPid) {
        this.tag = PREFIX + ownerPid;
        this.hook = new Thread(this::closeFromHook, "capsim-validate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The tag every process, namespace and folder of this run carries. */
    public String tag() {
        return tag;
    }

    /** A new temporary folder {@code <tmp>/capsim-validate-<pid>-<label>-…}, removed at close. */
    public synchronized Path tempDir(String label) throws IOException {
        check();
        Path d = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), tag + "-" + label + "-");
        dirs.add(d);
        return d;
    }

    /** Removes {@code dir} at close if it still exists then (a results staging folder that never got published). */
    public synchronized void adopt(Path dir) {
        dirs.add(dir);
    }

    /** Starts a process and keeps it for {@link #kill} / close. */
    public synchronized Process start(ProcessBuilder pb) throws IOException {
        check();
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Closes {@code c} at close (first, newest first, before the processes are killed): for what
     * needs an orderly stop (a libvirtd that destroys its domains) and outlives its process tree
     * (QEMUs libvirt daemonized).
     */
    public synchronized void register(AutoCloseable c) {
        check();
        closers.add(c);
    }

    public synchronized void unregister(AutoCloseable c) {
        closers.remove(c);
    }

    /** Kills a process and its descendants and waits for them. */
    public void kill(Process p) {
        killTree(p.toHandle());
        synchronized (this) {
            processes.remove(p);
        }
    }

    /** Forgets a process that has ended by itself. */
    public synchronized void forget(Process p) {
        processes.remove(p);
    }

    /** A name for a new network namespace of this run. */
    public synchronized String newNamespaceName() {
        return tag + "-" + (++namespaceCount);
    }

    /** Records a namespace this run created, to delete at close. */
    public synchronized void namespaceCreated(String name) {
        namespaces.add(name);
    }

    public synchronized void namespaceDeleted(String name) {
        namespaces.remove(name);
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will: nothing left for it to do
        }
    }

    private void closeFromHook() {
        closeAll();
    }

    private synchronized void closeAll() {
        if (closed) return;
        // the closers first, while processes may still be started (virsh destroy)
        List<AutoCloseable> cs = new ArrayList<>(closers);
        for (int i = cs.size() - 1; i >= 0; i--) {
            try {
                cs.get(i).close();
            } catch (Exception ignored) {
                // best effort: the processes and folders below go anyway
            }
        }
        closers.clear();
        closed = true;
        for (Process p : List.copyOf(processes)) killTree(p.toHandle());
        processes.clear();
        for (String ns : List.copyOf(namespaces)) deleteNamespace(ns);
        namespaces.clear();
        for (Path d : dirs) deleteTree(d);
        dirs.clear();
    }

    private void check() {
        if (closed) throw new IllegalStateException("validation run is shutting down");
    }

    static void killTree(ProcessHandle h) {
        List<ProcessHandle> all = new ArrayList<>();
        h.descendants().forEach(all::add);
        all.add(h);
        for (ProcessHandle p : all) p.destroyForcibly();
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone already, or a zombie its parent reaps
            }
        }
    }

    /** Deletes a network namespace with {@code ip netns delete}; true when it is gone. */
    static boolean deleteNamespace(String name) {
        var ip = Program.IP.find();
        if (ip.isEmpty()) return false;
        try {
            Process p = new ProcessBuilder(ip.get().toString(), "netns", "delete", name)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void deleteTree(Path d) {
        if (!Files.exists(d)) return;
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; reported by the next sweep
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The pid in a capsim-validate tag inside {@code text}, or -1. */
    static long ownerPid(String text) {
        Matcher m = TAG.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean ownerGone(long owner) {
        return owner > 0 && owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * Removes what earlier runs that were killed left behind: processes whose command line and
     * namespaces and temporary folders whose names carry a capsim-validate tag of a dead pid.
     * Returns one line per thing removed.
     */
    public static List<String> sweepStale() {
        return sweepStale(null);
    }

    /** The file a run leaves in its results staging folder, naming its tag. */
    public static final String OWNER_FILE = ".capsim-validate-owner";

    /**
     * As {@link #sweepStale()}, and also the results staging folders under {@code resultsBase}
     * (hidden {@code .staging-*} folders holding an {@link #OWNER_FILE}) of runs that died.
     */
    public static List<String> sweepStale(Path resultsBase) {
        List<String> removed = new ArrayList<>();
        if (resultsBase != null && Files.isDirectory(resultsBase)) {
            try (Stream<Path> s = Files.list(resultsBase)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path owner = p.resolve(OWNER_FILE);
                    if (!p.getFileName().toString().startsWith(".staging-") || !Files.isRegularFile(owner)) continue;
                    String tag;
                    try {
                        tag = Files.readAllLines(owner).get(0);
                    } catch (IOException | IndexOutOfBoundsException e) {
                        continue;
                    }
                    if (ownerGone(ownerPid(tag))) {
                        deleteTree(p);
                        removed.add("unfinished results folder " + p);
                    }
                }
            } catch (IOException ignored) {
                // unreadable: nothing to sweep
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                String raw;
                try (var in = Files.newInputStream(p.resolve("cmdline"))) {
                    raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    continue;
                }
                // only programs the probes start: never a shell or editor that merely mentions a tag
                int end = raw.indexOf('\0');
                String exe = Path.of(end < 0 ? raw : raw.substring(0, end)).getFileName() + "";
                if (!isProbeProgram(exe)) continue;
                String cmd = raw.replace('\0', ' ');
                long owner = ownerPid(cmd);
                if (owner > 0 && ownerGone(owner)) {
                    long pid = Long.parseLong(name);
                    ProcessHandle.of(pid).ifPresent(Cleanup::killTree);
                    removed.add("process " + pid + " left by run " + owner + ": " + abbreviate(cmd));
                }
            }
        } catch (IOException ignored) {
            // no /proc: nothing to sweep
        }
        if (Files.isDirectory(NETNS_DIR)) {
            try (Stream<Path> s = Files.list(NETNS_DIR)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String ns = p.getFileName().toString();
                    if (ns.startsWith(PREFIX) && ownerGone(ownerPid(ns))) {
                        removed.add("network namespace " + ns + (deleteNamespace(ns) ? "" : " (could not delete)"));
                    }
                }
            } catch (IOException ignored) {
                // unreadable: nothing to sweep
            }
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(PREFIX) && Files.isDirectory(p) && ownerGone(ownerPid(n))) {
                    deleteTree(p);
                    removed.add("temporary folder " + p);
                }
            }
        } catch (IOException ignored) {
            // unreadable: nothing to sweep
        }
        return removed;
    }

    private static boolean isProbeProgram(String exe) {
        for (Program pr : Program.values()) if (pr.command().equals(exe)) return true;
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s.strip() : s.substring(0, 97) + "...";
    }
}
