package capsim.validate.host;

import capsim.hostdetect.ProcSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boots the {@link GuestImage} in a real x86-64 QEMU (q35, 128 MiB, one vCPU, direct kernel
 * boot, console on ttyS0 into a file, QMP on a unix socket) with N virtio-net NICs on taps of a
 * throw-away network namespace and M virtio-blk disks. It starts paused, so the fds of realized
 * devices can be read before any guest driver runs; then {@code cont} boots the guest, and the
 * guest's own report on the console says when every device is up (the guest driver has started
 * it).
 */
public final class GuestLauncher {
    /** How QEMU runs the guest: KVM where a test boot showed the guest gets to user space, TCG otherwise. */
    public enum Accel {
        KVM("kvm"), TCG("tcg");

        private final String option;

        Accel(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /**
     * What a guest gets: NICs with their queue pairs (taps in {@code netns}), disks, an fd limit
     * (0 = inherited), hot-pluggable pcie-root-ports left free, the accelerator, and whether its
     * /init runs the busy loop after its ready line ({@code busyIterations} &gt; 0: a count line
     * every that many iterations, {@link GuestImage#BUSY_ARG}; 0: the device-polling guest).
     */
    public record Spec(int nics, int queuePairs, int disks, QemuLauncher.Backend backend, long nofile, int freeRootPorts,
                       Accel accel, String netns, int busyIterations) {
        public Spec(int nics, int queuePairs, int disks, QemuLauncher.Backend backend, long nofile, int freeRootPorts,
                    Accel accel, String netns) {
            this(nics, queuePairs, disks, backend, nofile, freeRootPorts, accel, netns, 0);
        }

        public static Spec nics(int n, int queuePairs, String netns) {
            return new Spec(n, queuePairs, 0, QemuLauncher.Backend.NULL_CO, 0, 0, Accel.TCG, netns);
        }

        public Spec withNofile(long l) {
            return new Spec(nics, queuePairs, disks, backend, l, freeRootPorts, accel, netns, busyIterations);
        }

        public Spec withAccel(Accel a) {
            return new Spec(nics, queuePairs, disks, backend, nofile, freeRootPorts, a, netns, busyIterations);
        }

        /** The same guest with its vCPU kept busy once booted: a count line every {@code iterations} iterations. */
        public Spec withBusyLoop(int iterations) {
            return new Spec(nics, queuePairs, disks, backend, nofile, freeRootPorts, accel, netns, iterations);
        }
    }

    /** The outcome: a booted guest, or where it stopped (QEMU did not start, or the guest did not report its devices up). */
    public sealed interface Boot permits Booted, NotBooted {
    }

    public record Booted(BootedGuest guest) implements Boot {
    }

    /**
     * @param phase  "start" (QEMU exited or QMP never answered) or "boot" (no ready line in time)
     * @param reason QEMU's last stderr line, or the console's last line
     * @param realize what the paused QEMU held, when it got that far (null otherwise)
     */
    public record NotBooted(String phase, String reason, ProcSample realize, String stderr) implements Boot {
    }

    private static final Pattern READY = Pattern.compile("capsim: ready nics=(\\d+) disks=(\\d+)");
    public static final int MEMORY_MIB = 128;

    private final Cleanup cleanup;
    private final GuestImage.Built image;
    private final Path dir;
    private final Duration qmpTimeout;
    private final Duration bootTimeout;
    private final AtomicInteger serial = new AtomicInteger();
    private int images;

    public GuestLauncher(Cleanup cleanup, GuestImage.Built image, Duration qmpTimeout, Duration bootTimeout) throws IOException {
        this.cleanup = cleanup;
        this.image = image;
        this.dir = cleanup.tempDir("guest");
        this.qmpTimeout = qmpTimeout;
        this.bootTimeout = bootTimeout;
    }

    public GuestImage.Built image() {
        return image;
    }

    List<String> commandLine(Spec s, int id) {
        List<String> cmd = new ArrayList<>();
        if (s.netns() != null) cmd.addAll(List.of(Program.IP.require(), "netns", "exec", s.netns()));
        cmd.addAll(QemuLauncher.prlimit(s.nofile()));
        cmd.add(Program.QEMU_X86_64.require());
        cmd.addAll(List.of("-name", cleanup.tag() + "-g" + id, "-M", "q35", "-accel", s.accel().option(),
                "-m", Integer.toString(MEMORY_MIB), "-smp", "1", "-S", "-display", "none", "-nodefaults", "-no-reboot",
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", GuestImage.KERNEL_CMDLINE + (s.busyIterations() > 0 ? " " + GuestImage.BUSY_ARG + "=" + s.busyIterations() : ""),
                "-chardev", "file,id=con,path=" + console(id), "-serial", "chardev:con",
                "-pidfile", dir.resolve("g" + id + ".pid").toString(),
                "-qmp", "unix:" + socket(id) + ",server=on,wait=off"));
        for (int i = 0; i < s.nics(); i++) {
            String q = s.queuePairs() > 1 ? ",queues=" + s.queuePairs() : "";
            cmd.add("-netdev");
            cmd.add("tap,id=n" + i + ",ifname=cg" + id + "n" + i + ",script=no,downscript=no" + q);
            cmd.add("-device");
            cmd.add("virtio-net-pci,netdev=n" + i + ",romfile=" + (s.queuePairs() > 1 ? ",mq=on,vectors=" + (2 * s.queuePairs() + 2) : ""));
        }
        for (int i = 0; i < s.disks(); i++) {
            cmd.add("-blockdev");
            cmd.add(s.backend() == QemuLauncher.Backend.FILE
                    ? "driver=file,node-name=d" + i + ",filename=" + dir.resolve("d" + i + ".img")
                    : "driver=null-co,node-name=d" + i);
            cmd.add("-device");
            cmd.add("virtio-blk-pci,drive=d" + i + ",id=v" + i);
        }
        for (int i = 0; i < s.freeRootPorts(); i++) {
            cmd.add("-device");
            cmd.add("pcie-root-port,id=rp" + i + ",chassis=" + (i + 1) + ",port=" + (i + 1));
        }
        return cmd;
    }

    private Path socket(int id) {
        return dir.resolve("g" + id + ".sock");
    }

    private Path console(int id) {
        return dir.resolve("g" + id + ".console");
    }

    /**
     * Starts the guest paused, reads what the realized devices hold, lets it boot and waits until
     * it reports every NIC and disk up.
     */
    public Boot boot(Spec s) throws IOException {
        return boot(s, bootTimeout);
    }

    /** As {@link #boot(Spec)}, waiting up to {@code bootTimeout} for the ready line (many guests booting at once take longer). */
    public Boot boot(Spec s, Duration bootTimeout) throws IOException {
        if (s.backend() == QemuLauncher.Backend.FILE) ensureImages(s.disks());
        int id = serial.incrementAndGet();
        Path err = dir.resolve("g" + id + ".err");
        ProcessBuilder pb = new ProcessBuilder(commandLine(s, id))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = cleanup.start(pb);
        Qmp qmp = null;
        ProcSample realize = null;
        try {
            qmp = Qmp.connect(socket(id), qmpTimeout, p::isAlive);
            qmp.execute("query-status");
            long qemuPid = qemuPid(id, p);
            realize = ProcSample.of(qemuPid);
            double startMs = (System.nanoTime() - t0) / 1e6;
            long b0 = System.nanoTime();
            qmp.execute("cont");
            BootedGuest g = new BootedGuest(p, qemuPid, qmp, console(id), err, cleanup, startMs, realize);
            Matcher ready = g.awaitLine(READY, bootTimeout);
            if (ready == null) {
                // a panic's own line says more than the last line of its stack dump
                String last = g.consoleLines().stream().filter(l -> l.contains("Kernel panic")).map(String::strip).findFirst().orElse(g.consoleTail());
                g.close();
                return new NotBooted("boot", last.isEmpty() ? "no console output within " + bootTimeout.toSeconds() + " s" : last, realize, QemuLauncher.readStderr(err));
            }
            g.booted((System.nanoTime() - b0) / 1e6, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)));
            return new Booted(g);
        } catch (IOException e) {
            if (qmp != null) qmp.close();
            cleanup.kill(p);
            String stderr = QemuLauncher.readStderr(err);
            return new NotBooted("start", stderr.isEmpty() ? e.getMessage() : QemuLauncher.lastLine(stderr), realize, stderr);
        }
    }

    /** QEMU's pid: from its pidfile (ip netns exec and prlimit exec it, so it is the process started, but the file says so). */
    private long qemuPid(int id, Process p) {
        try {
            Path f = dir.resolve("g" + id + ".pid");
            if (Files.exists(f)) return Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException ignored) {
            // fall back to the process started
        }
        return p.pid();
    }

    private synchronized void ensureImages(int n) throws IOException {
        images = QemuLauncher.sparseImages(dir, images, n);
    }
}
