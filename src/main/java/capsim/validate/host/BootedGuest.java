package capsim.validate.host;

import capsim.hostdetect.ProcSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running guest booted by {@link GuestLauncher}: its QEMU, QMP, console and what it reported; close kills it. */
public final class BootedGuest implements AutoCloseable {
    private final Process process;
    private final long pid;
    private final Qmp qmp;
    private final Path console;
    private final Path err;
    private final Cleanup cleanup;
    private final double startMs;
    private final ProcSample realize;
    private double bootMs;
    private int nicsUp;
    private int disksUp;

    BootedGuest(Process process, long pid, Qmp qmp, Path console, Path err, Cleanup cleanup, double startMs, ProcSample realize) {
        this.process = process;
        this.pid = pid;
        this.qmp = qmp;
        this.console = console;
        this.err = err;
        this.cleanup = cleanup;
        this.startMs = startMs;
        this.realize = realize;
    }

    void booted(double ms, int nics, int disks) {
        this.bootMs = ms;
        this.nicsUp = nics;
        this.disksUp = disks;
    }

    public long pid() {
        return pid;
    }

    public Qmp qmp() {
        return qmp;
    }

    /** Exec until QMP answered, paused: QEMU's start with every device realized, ms. */
    public double startMs() {
        return startMs;
    }

    /** From cont until the guest reported its devices up, ms. */
    public double bootMs() {
        return bootMs;
    }

    /** What the paused QEMU held with every device realized and no guest driver started. */
    public ProcSample realize() {
        return realize;
    }

    public int nicsUp() {
        return nicsUp;
    }

    public int disksUp() {
        return disksUp;
    }

    public ProcSample sample() throws IOException {
        return ProcSample.of(pid);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The file the guest's console (ttyS0) is written to. */
    public Path console() {
        return console;
    }

    /** The console's lines so far. */
    public List<String> consoleLines() throws IOException {
        return Files.exists(console) ? Files.readAllLines(console, StandardCharsets.ISO_8859_1) : List.of();
    }

    public String consoleTail() {
        try {
            List<String> l = consoleLines();
            for (int i = l.size() - 1; i >= 0; i--) if (!l.get(i).isBlank()) return l.get(i).strip();
        } catch (IOException ignored) {
            // no console yet
        }
        return "";
    }

    /** Waits until a console line matches {@code p} (null on time-out or when QEMU exits). */
    public Matcher awaitLine(Pattern p, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (System.nanoTime() < end) {
            List<String> lines = consoleLines();
            for (int i = from; i < lines.size(); i++) {
                Matcher m = p.matcher(lines.get(i));
                if (m.find()) return m;
            }
            // the last line may still be written: read it again next time
            from = Math.max(0, lines.size() - 1);
            if (!process.isAlive()) return null;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the guest");
            }
        }
        return null;
    }

    /** How many console lines match {@code p}. */
    public long count(Pattern p) throws IOException {
        return consoleLines().stream().filter(l -> p.matcher(l).find()).count();
    }

    public String stderr() {
        return QemuLauncher.readStderr(err);
    }

    @Override
    public void close() {
        qmp.close();
        cleanup.kill(process);
    }
}
