package capsim.validate.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** A program the probes run, with the Debian package that provides it. */
public enum Program {
    QEMU_S390X("qemu-system-s390x", "qemu-system-misc"),
    QEMU_X86_64("qemu-system-x86_64", "qemu-system-x86"),
    IP("ip", "iproute2"),
    PRLIMIT("prlimit", "util-linux"),
    LIBVIRTD("libvirtd", "libvirt-daemon"),
    VIRSH("virsh", "libvirt-clients"),
    UNSHARE("unshare", "util-linux"),
    TASKSET("taskset", "util-linux"),
    MOUNT("mount", "mount");

    private final String command;
    private final String debianPackage;

    Program(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    /** The program on PATH (or in the sbin folders, where ip lives but a user's PATH may not reach). */
    public Optional<Path> find() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(File.pathSeparator)) if (!d.isEmpty()) dirs.add(d);
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        dirs.add("/usr/bin");
        dirs.add("/bin");
        for (String d : dirs) {
            Path p = Path.of(d, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The program's path, or a {@link RefusedException} naming it and its package. */
    public String require() {
        return find().orElseThrow(() -> new RefusedException(missing())).toString();
    }

    /** The refusal text for a missing program: names it and its package. */
    public String missing() {
        return command + " not found: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")";
    }
}
