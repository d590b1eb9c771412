package capsim.validate.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private libvirtd (Debian 12: libvirt 9.0) that cannot see or change the host's libvirt
 * state. It runs in mount and network namespaces of its own ({@code unshare --mount --net
 * --propagation private}): temp folders under this run's {@link Cleanup} folder are bind-mounted
 * over {@code /etc/libvirt}, {@code /run/libvirt}, {@code /var/lib/libvirt},
 * {@code /var/cache/libvirt} and {@code /var/log/libvirt} there (a folder the host lacks is made
 * inside an overlay of its parent that lives in the namespace only, so nothing is created on the
 * host), with copies of {@code /etc/passwd} and {@code /etc/group} that have the
 * {@code libvirt-qemu} user (libvirt 9.0's QEMU driver resolves its compiled-in default user
 * before it reads qemu.conf's {@code user}, and refuses to start without it). Only the QEMU
 * driver is loaded ({@code LIBVIRT_DRIVER_DIR} names a folder holding just it): no network,
 * storage or nwfilter driver that could touch the host. libvirtd runs in the foreground of its
 * own process, optionally under {@code prlimit --nofile=L:L}; clients reach it over its unix
 * socket, whose host path is known ({@code qemu+unix:///system?socket=…}), so no virsh ever
 * talks to a host libvirtd.
 *
 * <p>libvirtd's command line names its config file in the run's temp folder, and every domain's
 * name starts with the run's tag, so {@link Cleanup#sweepStale} finds the daemon and its QEMUs
 * after a killed run. {@link #close} destroys every domain, stops the daemon (SIGTERM, then
 * SIGKILL), kills whatever is left in its mount namespace and removes the folders; it is
 * registered with the Cleanup, so Ctrl-C does the same.
 */
public final class LibvirtdSandbox implements AutoCloseable {
    /** The host folders libvirtd keeps its state in, each covered by a private one. */
    public static final List<String> STATE_DIRS = List.of("/etc/libvirt", "/run/libvirt", "/var/lib/libvirt",
            "/var/cache/libvirt", "/var/log/libvirt");
    private static final String QEMU_DRIVER = "libvirt_driver_qemu.so";
    private static final long READY_TIMEOUT_MS = 60_000;
    private static final long VIRSH_TIMEOUT_S = 180;

    private final Cleanup cleanup;
    private final Path root;
    private final Process daemon;
    private final String uri;
    private final String virsh;
    private String mountNs;
    private boolean closed;

    /** What one virsh command returned: its exit code and what it printed (stdout and stderr). */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private LibvirtdSandbox(Cleanup cleanup, Path root, Process daemon, String virsh) {
        this.cleanup = cleanup;
        this.root = root;
        this.daemon = daemon;
        this.virsh = virsh;
        this.uri = "qemu+unix:///system?socket=" + root.resolve("run/libvirt-sock");
    }

    /**
     * Why a private libvirtd cannot run here, or null: a program or the QEMU driver missing
     * (named with its Debian package), or not root (namespaces and bind mounts need it).
     */
    public static String whyNot() {
        for (Program p : List.of(Program.LIBVIRTD, Program.VIRSH, Program.UNSHARE, Program.MOUNT, Program.PRLIMIT,
                Program.QEMU_X86_64)) {
            if (p.find().isEmpty()) return p.missing();
        }
        if (qemuDriver().isEmpty()) {
            return QEMU_DRIVER + " not found: install the Debian package libvirt-daemon-driver-qemu"
                    + " (apt-get install libvirt-daemon-driver-qemu)";
        }
        if (!isRoot()) return "a private libvirtd needs root (mount namespace, bind mounts)";
        return null;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** libvirt's QEMU driver module. */
    static Optional<Path> qemuDriver() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/usr/lib64/libvirt/connection-driver"));
        dirs.add(Path.of("/usr/lib/libvirt/connection-driver"));
        try (Stream<Path> s = Files.list(Path.of("/usr/lib"))) {
            s.forEach(d -> dirs.add(d.resolve("libvirt/connection-driver")));
        } catch (IOException ignored) {
            // no /usr/lib: the fixed folders only
        }
        return dirs.stream().map(d -> d.resolve(QEMU_DRIVER)).filter(Files::isRegularFile).findFirst();
    }

    /**
     * Starts a private libvirtd and waits until its socket answers.
     *
     * @param nofileLimit RLIMIT_NOFILE (soft and hard) for the daemon, or 0 for the inherited one
     * @throws RefusedException when it cannot run here (see {@link #whyNot})
     * @throws IOException when it did not come up (its log is in the message)
     */
    public static LibvirtdSandbox start(Cleanup cleanup, long nofileLimit) throws IOException {
        String why = whyNot();
        if (why != null) throw new RefusedException(why);
        Path root = cleanup.tempDir("libvirt");
        for (String d : List.of("etc", "run", "lib", "cache", "log", "drivers", "ovl")) Files.createDirectories(root.resolve(d));
        Files.createSymbolicLink(root.resolve("drivers").resolve(QEMU_DRIVER), qemuDriver().orElseThrow());
        Files.writeString(root.resolve("etc/libvirtd.conf"), libvirtdConf(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/qemu.conf"), qemuConf(), StandardCharsets.UTF_8);
        writeUsers(root);
        Path script = root.resolve("start.sh");
        Files.writeString(script, startScript(root, nofileLimit), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(Program.UNSHARE.find().orElseThrow().toString(), "--mount", "--net",
                "--propagation", "private", "sh", script.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("daemon.log").toFile());
        Process p = cleanup.start(pb);
        LibvirtdSandbox sb = new LibvirtdSandbox(cleanup, root, p, Program.VIRSH.find().orElseThrow().toString());
        cleanup.register(sb);
        try {
            sb.awaitReady();
        } catch (IOException | RuntimeException e) {
            sb.close();
            throw e;
        }
        return sb;
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        Path sock = root.resolve("run/libvirt-sock");
        while (true) {
            if (!daemon.isAlive()) throw new IOException("libvirtd exited (" + daemon.exitValue() + "): " + log());
            if (Files.exists(sock) && virsh("list", "--name").ok()) break;
            if (System.currentTimeMillis() > deadline) throw new IOException("libvirtd did not answer within "
                    + READY_TIMEOUT_MS / 1000 + " s: " + log());
            sleep(100);
        }
        String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        String theirs = Files.readSymbolicLink(Path.of("/proc/" + pid() + "/ns/mnt")).toString();
        // only a namespace of its own may be swept at close: never this process's (the host's)
        if (mine.equals(theirs)) throw new IOException("libvirtd runs in this process's mount namespace: refusing to go on");
        mountNs = theirs;
    }

    /** The last lines of the daemon's own output (its errors). */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("daemon.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static String libvirtdConf() {
        return """
                # capsim validate: a private libvirtd, unix socket only (the private /run/libvirt), no TCP/TLS
                listen_tls = 0
                listen_tcp = 0
                unix_sock_dir = "/run/libvirt"
                auth_unix_ro = "none"
                auth_unix_rw = "none"
                log_outputs = "3:stderr"
                """;
    }

    static String qemuConf() {
        return """
                # capsim validate: QEMU as root without a security driver, no cgroups (the host's stay
                # untouched), QEMU's output to files (no virtlogd). No max_files: raising QEMU's hard
                # limit above libvirtd's needs CAP_SYS_RESOURCE, which this machine's root may lack;
                # QEMU inherits libvirtd's limit, and a paused guest without disks holds far fewer fds
                user = "root"
                group = "root"
                security_driver = "none"
                cgroup_controllers = [ ]
                stdio_handler = "file"
                """;
    }

    /** Copies of passwd and group with a libvirt-qemu user and group on ids neither file uses. */
    private static void writeUsers(Path root) throws IOException {
        List<String> passwd = new ArrayList<>(Files.readAllLines(Path.of("/etc/passwd")));
        List<String> group = new ArrayList<>(Files.readAllLines(Path.of("/etc/group")));
        Set<String> used = new HashSet<>();
        boolean hasUser = false;
        boolean hasGroup = false;
        for (String l : passwd) {
            String[] f = l.split(":");
            if (f.length > 3) {
                used.add(f[2]);
                used.add(f[3]);
            }
            hasUser |= l.startsWith("libvirt-qemu:");
        }
        for (String l : group) {
            String[] f = l.split(":");
            if (f.length > 2) used.add(f[2]);
            hasGroup |= l.startsWith("libvirt-qemu:");
        }
        int id = 64055;
        while (used.contains(Integer.toString(id))) id++;
        if (!hasGroup) group.add("libvirt-qemu:x:" + id + ":");
        if (!hasUser) passwd.add("libvirt-qemu:x:" + id + ":" + id + ":capsim private libvirtd:/var/lib/libvirt:/usr/sbin/nologin");
        Files.write(root.resolve("passwd"), passwd, StandardCharsets.UTF_8);
        Files.write(root.resolve("group"), group, StandardCharsets.UTF_8);
    }

    /** The script unshare runs inside the new namespaces: the mounts, then exec libvirtd. */
    static String startScript(Path root, long nofileLimit) {
        String mount = Program.MOUNT.find().map(Path::toString).orElse("mount");
        StringBuilder sb = new StringBuilder();
        sb.append("set -eu\n");
        sb.append("R=").append(quote(root.toString())).append('\n');
        sb.append("ovl() { # $1 missing on the host: create it in an overlay of its parent that only this namespace sees\n");
        sb.append("  p=$(dirname \"$1\"); n=$(echo \"$1\" | tr / _)\n");
        sb.append("  mkdir -p \"$R/ovl/$n/upper\" \"$R/ovl/$n/work\"\n");
        sb.append("  ").append(mount).append(" -t overlay capsim-ovl -o \"lowerdir=$p,upperdir=$R/ovl/$n/upper,workdir=$R/ovl/$n/work\" \"$p\"\n");
        sb.append("  mkdir \"$1\"\n");
        sb.append("}\n");
        String[] src = {"etc", "run", "lib", "cache", "log"};
        for (int i = 0; i < STATE_DIRS.size(); i++) {
            String dst = STATE_DIRS.get(i);
            sb.append("[ -d ").append(dst).append(" ] || ovl ").append(dst).append('\n');
            sb.append(mount).append(" --bind \"$R/").append(src[i]).append("\" ").append(dst).append('\n');
        }
        sb.append(mount).append(" --bind \"$R/passwd\" /etc/passwd\n");
        sb.append(mount).append(" --bind \"$R/group\" /etc/group\n");
        sb.append("export LIBVIRT_DRIVER_DIR=\"$R/drivers\"\n");
        sb.append("exec ");
        if (nofileLimit > 0) {
            sb.append(Program.PRLIMIT.find().map(Path::toString).orElse("prlimit"))
                    .append(String.format(Locale.ROOT, " --nofile=%d:%d ", nofileLimit, nofileLimit));
        }
        sb.append(Program.LIBVIRTD.find().map(Path::toString).orElse("libvirtd"))
                .append(" -f \"$R/etc/libvirtd.conf\" -p /run/libvirt/libvirtd.pid\n");
        return sb.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The URI virsh connects with: the private socket, never a host daemon. */
    public String uri() {
        return uri;
    }

    /** The libvirtd process (unshare, sh and prlimit exec into it: one pid throughout). */
    public long pid() {
        return daemon.pid();
    }

    /** This run's temp folder of the sandbox (the bind mount sources). */
    public Path root() {
        return root;
    }

    /** The daemon's mount namespace ({@code mnt:[inode]}), or null before it answered. */
    public String mountNamespace() {
        return mountNs;
    }

    /** The domain name of guest {@code n}: the run's tag, so the sweep finds its QEMU. */
    public String domainName(int n) {
        return cleanup.tag() + "-" + n;
    }

    /** Open fds of libvirtd ({@code /proc/PID/fd}). */
    public int fdCount() throws IOException {
        return count(Path.of("/proc/" + pid() + "/fd"));
    }

    /** libvirtd's open fds by kind: what each link in {@code /proc/PID/fd} points to, without its inode ("socket", "anon_inode:[eventfd]", a path). */
    public java.util.SortedMap<String, Integer> fdKinds() throws IOException {
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String t;
                try {
                    t = Files.readSymbolicLink(f).toString();
                } catch (IOException closed) {
                    continue;
                }
                if (t.startsWith("socket:") || t.startsWith("pipe:")) t = t.substring(0, t.indexOf(':'));
                else if (t.startsWith(root.toString())) t = "(sandbox folder)";
                out.merge(t, 1, Integer::sum);
            }
        }
        return out;
    }

    /** Threads of libvirtd ({@code /proc/PID/task}). */
    public int threadCount() throws IOException {
        return count(Path.of("/proc/" + pid() + "/task"));
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        }
    }

    /** Runs {@code virsh -c URI args…} and waits for it (at most 3 minutes). */
    public Result virsh(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(virsh, "-c", uri));
        cmd.addAll(List.of(args));
        TimedCommand.Result r = TimedCommand.run(cmd, root, java.time.Duration.ofSeconds(VIRSH_TIMEOUT_S), cleanup);
        return r.exit() == -1 ? new Result(-1, "virsh " + String.join(" ", args) + " timed out: " + r.output()) : new Result(r.exit(), r.output());
    }

    /**
     * The XML of a transient TCG guest: 128 MiB, 1 vCPU, ACPI, no disk, its serial to a file in
     * the sandbox folder, {@code nics} virtio NICs with user networking (QEMU's slirp: no host
     * interface, no fd libvirt opens or passes).
     */
    public String domainXml(int n, int nics) {
        StringBuilder sb = new StringBuilder();
        sb.append("<domain type='qemu'>\n");
        sb.append("  <name>").append(domainName(n)).append("</name>\n");
        sb.append("  <memory unit='MiB'>128</memory>\n  <vcpu>1</vcpu>\n");
        sb.append("  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n");
        sb.append("  <features><acpi/></features>\n");
        sb.append("  <on_poweroff>destroy</on_poweroff><on_reboot>destroy</on_reboot><on_crash>destroy</on_crash>\n");
        sb.append("  <devices>\n");
        sb.append("    <emulator>").append(Program.QEMU_X86_64.find().map(Path::toString).orElse("qemu-system-x86_64")).append("</emulator>\n");
        sb.append("    <serial type='file'><source path='").append(root.resolve("serial-" + n + ".log")).append("'/></serial>\n");
        for (int i = 0; i < nics; i++) sb.append("    <interface type='user'><model type='virtio'/></interface>\n");
        sb.append("    <video><model type='none'/></video>\n    <memballoon model='none'/>\n");
        sb.append("  </devices>\n</domain>\n");
        return sb.toString();
    }

    /** {@code virsh create --paused} of guest {@code n}: a transient domain that needs no kernel. */
    /**
     * A transient domain that boots the guest by direct kernel boot (not paused): its console is
     * {@link #serialLog}.
     */
    public Result createBooted(int n, GuestImage.Built guest) throws IOException {
        String os = "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n";
        String boot = "  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + guest.kernel() + "</kernel><initrd>"
                + guest.initrd() + "</initrd><cmdline>" + GuestImage.KERNEL_CMDLINE + "</cmdline></os>\n";
        String xmlText = domainXml(n, 0).replace(os, boot);
        if (xmlText.equals(domainXml(n, 0))) throw new IllegalStateException("the domain XML has no <os> line to replace");
        Path xml = root.resolve("domain-" + n + ".xml");
        Files.writeString(xml, xmlText, StandardCharsets.UTF_8);
        return virsh("create", xml.toString());
    }

    /** The console file of guest {@code n}. */
    public Path serialLog(int n) {
        return root.resolve("serial-" + n + ".log");
    }

    public Result createPaused(int n, int nics) throws IOException {
        Path xml = root.resolve("domain-" + n + ".xml");
        Files.writeString(xml, domainXml(n, nics), StandardCharsets.UTF_8);
        return virsh("create", "--paused", xml.toString());
    }

    /** The names of the running domains. */
    public List<String> domains() throws IOException {
        Result r = virsh("list", "--name");
        if (!r.ok()) throw new IOException("virsh list: " + r.output());
        return r.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Pids of the processes in mount namespace {@code ns} ({@code mnt:[inode]}). */
    public static List<Long> processesIn(String ns) {
        List<Long> out = new ArrayList<>();
        if (ns == null || ns.equals(ownMountNamespace())) return out; // the host's namespace is never swept

        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (ns.equals(Files.readSymbolicLink(p.resolve("ns/mnt")).toString())) out.add(Long.parseLong(name));
                } catch (IOException | UnsupportedOperationException gone) {
                    // ended, or a kernel thread
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return out;
    }

    /** The QEMUs of this daemon that still run: from their pid files, checked against their command line. */
    List<ProcessHandle> qemuProcesses() {
        List<ProcessHandle> out = new ArrayList<>();
        Path dir = root.resolve("run/qemu");
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".pid")) continue;
                String name = file.substring(0, file.length() - 4);
                try {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    String cmd;
                    try (var in = Files.newInputStream(Path.of("/proc/" + pid + "/cmdline"))) {
                        cmd = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace('\0', ' ');
                    }
                    if (cmd.contains("guest=" + name + ",")) ProcessHandle.of(pid).ifPresent(out::add);
                } catch (IOException | NumberFormatException gone) {
                    // ended already
                }
            }
        } catch (IOException ignored) {
            // no pid files
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            if (daemon.isAlive() && mountNs != null) {
                for (String d : domains()) virsh("destroy", d);
            }
        } catch (IOException | RuntimeException ignored) {
            // the daemon is killed below, and its QEMUs with it
        }
        // QEMUs libvirt daemonized are no descendants of the daemon, and each runs in a mount
        // namespace of its own (qemu.conf namespaces): their pid files name them
        List<ProcessHandle> qemus = qemuProcesses();
        ProcessHandle h = daemon.toHandle();
        h.destroy();
        try {
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) cleanup.kill(daemon);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleanup.kill(daemon);
        }
        cleanup.forget(daemon);
        for (ProcessHandle q : qemus) if (q.isAlive()) Cleanup.killTree(q);
        for (long pid : processesIn(mountNs)) ProcessHandle.of(pid).ifPresent(Cleanup::killTree);
        Cleanup.deleteTree(root);
        cleanup.unregister(this);
    }

    private static String ownMountNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
