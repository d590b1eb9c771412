package capsim.validate.host;

import capsim.hostdetect.ProcSample;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts real QEMU processes the way the probes need them: paused ({@code -S}), under TCG, with
 * no default devices, a pidfile and QMP on a unix socket (as libvirt starts QEMU), and N
 * virtio-blk disks backed by null-co (no file) or by raw image files in a temporary folder.
 * A start is timed from exec until QMP answers {@code query-status}, which QEMU serves from its
 * main loop only after every device is realized.
 */
public final class QemuLauncher {
    /** Where a disk's data comes from. */
    public enum Backend {
        NULL_CO("null-co"), FILE("file");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How disks are placed on an x86 q35 root bus: one per slot (QEMU picks), or 8 functions per slot. */
    public enum Placement {
        AUTO, MULTIFUNCTION
    }

    /** The disks a QEMU gets, its fd limit (0 = inherited) and its RAM. */
    public record Spec(QemuTarget target, int disks, Backend backend, Placement placement, long nofile, int memoryMiB) {
        public Spec withDisks(int n) {
            return new Spec(target, n, backend, placement, nofile, memoryMiB);
        }
    }

    /** The outcome of a start: a running paused QEMU, or how it failed. */
    public sealed interface Start permits Started, Failed {
    }

    public record Started(QemuInstance instance) implements Start {
    }

    public record Failed(String reason) implements Start {
    }

    /** Disks beyond this on q35 need bridges; 30 usable slots × 8 functions. */
    public static final int X86_MULTIFUNCTION_MAX = 30 * 8;
    public static final int GUEST_MEMORY_MIB = 128;

    private final Cleanup cleanup;
    private final Path dir;
    private final Duration timeout;
    private final AtomicInteger serial = new AtomicInteger();
    private int images;

    public QemuLauncher(Cleanup cleanup, Duration timeout) throws IOException {
        this.cleanup = cleanup;
        this.dir = cleanup.tempDir("qemu");
        this.timeout = timeout;
    }

    /** Makes sure {@code n} sparse 1 MiB raw images exist (d0.img …). */
    private synchronized void ensureImages(int n) throws IOException {
        images = sparseImages(dir, images, n);
    }

    /** Creates the sparse 1 MiB raw images d{@code have}.img … d{@code n-1}.img in {@code dir}; returns how many exist. */
    static int sparseImages(Path dir, int have, int n) throws IOException {
        for (; have < n; have++) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("d" + have + ".img").toFile(), "rw")) {
                f.setLength(1 << 20);
            }
        }
        return have;
    }

    List<String> commandLine(Spec s, int id) {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(prlimit(s.nofile()));
        cmd.add(s.target().program().require());
        cmd.addAll(List.of("-name", cleanup.tag() + "-q" + id, "-M", s.target().machine(), "-accel", "tcg",
                "-m", Integer.toString(s.memoryMiB()), "-smp", "1", "-S", "-display", "none", "-nodefaults",
                "-pidfile", dir.resolve("q" + id + ".pid").toString(),
                "-qmp", "unix:" + socket(id) + ",server=on,wait=off"));
        for (int i = 0; i < s.disks(); i++) {
            cmd.add("-blockdev");
            cmd.add(s.backend() == Backend.FILE
                    ? "driver=file,node-name=d" + i + ",filename=" + dir.resolve("d" + i + ".img")
                    : "driver=null-co,node-name=d" + i);
            cmd.add("-device");
            cmd.add(s.target().diskDevice() + ",drive=d" + i + ",id=v" + i + placement(s, i));
        }
        return cmd;
    }

    private static String placement(Spec s, int i) {
        if (s.target() != QemuTarget.X86_64 || s.placement() != Placement.MULTIFUNCTION) return "";
        int slot = 1 + i / 8;
        int fn = i % 8;
        return ",bus=pcie.0,addr=0x" + Integer.toHexString(slot) + ".0x" + fn + (fn == 0 ? ",multifunction=on" : "");
    }

    private Path socket(int id) {
        return dir.resolve("q" + id + ".sock");
    }

    /** Starts a QEMU and waits until it answers query-status; a QEMU that fails is killed and explained. */
    public Start start(Spec s) throws IOException {
        return start(s, timeout);
    }

    /** As {@link #start(Spec)} with its own QMP timeout. */
    public Start start(Spec s, Duration qmpTimeout) throws IOException {
        if (s.backend() == Backend.FILE) ensureImages(s.disks());
        int id = serial.incrementAndGet();
        Path err = dir.resolve("q" + id + ".err");
        ProcessBuilder pb = new ProcessBuilder(commandLine(s, id))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = cleanup.start(pb);
        Qmp qmp = null;
        try {
            qmp = Qmp.connect(socket(id), qmpTimeout, p::isAlive);
            qmp.execute("query-status");
            double startMs = (System.nanoTime() - t0) / 1e6;
            return new Started(new QemuInstance(p, qmp, startMs, cleanup, socket(id), err));
        } catch (IOException e) {
            if (qmp != null) qmp.close();
            cleanup.kill(p);
            String stderr = readStderr(err);
            Files.deleteIfExists(err);
            Files.deleteIfExists(socket(id));
            return new Failed(stderr.isEmpty() ? e.getMessage() : lastLine(stderr));
        }
    }

    /** {@code prlimit --nofile=L:L --} before a command, or nothing when {@code nofile} is 0 (inherited). */
    static List<String> prlimit(long nofile) {
        return nofile > 0 ? List.of(Program.PRLIMIT.require(), "--nofile=" + nofile + ":" + nofile, "--") : List.of();
    }

    /** A process's stderr file, stripped; empty when there is none. */
    static String readStderr(Path err) {
        try {
            return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1].strip();
    }

    /** A running paused QEMU with its QMP connection; close kills it. */
    public static final class QemuInstance implements AutoCloseable {
        private final Process process;
        private final Qmp qmp;
        private final double startMs;
        private final Cleanup cleanup;
        private final Path socket;
        private final Path err;

        QemuInstance(Process process, Qmp qmp, double startMs, Cleanup cleanup, Path socket, Path err) {
            this.process = process;
            this.qmp = qmp;
            this.startMs = startMs;
            this.cleanup = cleanup;
            this.socket = socket;
            this.err = err;
        }

        public long pid() {
            return process.pid();
        }

        public Qmp qmp() {
            return qmp;
        }

        /** Time from exec until QMP answered query-status, ms. */
        public double startMs() {
            return startMs;
        }

        public ProcSample sample() throws IOException {
            return ProcSample.of(process.pid());
        }

        @Override
        public void close() {
            qmp.close();
            cleanup.kill(process);
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // the run's folder goes at cleanup
            }
        }
    }
}
