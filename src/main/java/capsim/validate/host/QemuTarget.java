package capsim.validate.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A QEMU system emulator the probes drive: its program, machine and disk device. */
public enum QemuTarget {
    S390X("s390x", Program.QEMU_S390X, "s390-ccw-virtio", "virtio-blk-ccw"),
    X86_64("x86_64", Program.QEMU_X86_64, "q35", "virtio-blk-pci");

    private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+(?:\\.\\d+)?)");

    private final String label;
    private final Program program;
    private final String machine;
    private final String diskDevice;

    QemuTarget(String label, Program program, String machine, String diskDevice) {
        this.label = label;
        this.program = program;
        this.machine = machine;
        this.diskDevice = diskDevice;
    }

    public String label() {
        return label;
    }

    public Program program() {
        return program;
    }

    public String machine() {
        return machine;
    }

    public String diskDevice() {
        return diskDevice;
    }

    public boolean installed() {
        return program.find().isPresent();
    }

    /** The version {@code qemu-system-* --version} prints, e.g. "7.2.22". */
    public String version() throws IOException {
        Process p = new ProcessBuilder(program.find().orElseThrow(() -> new RefusedException(program.missing())).toString(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find()) throw new IOException("cannot read the version of " + program.command() + " from: " + out.strip());
        return m.group(1);
    }
}
