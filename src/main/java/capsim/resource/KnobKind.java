package capsim.resource;

import java.nio.file.Path;

/**
 * Where a knob is set, which decides how a tuning plan writes it and how a running host is read:
 * a sysctl, a key of qemu.conf or libvirtd.conf, a directive of a systemd unit, an environment
 * variable of QEMU, an sshd_config keyword, the hardware itself, or nothing (a constant).
 */
public enum KnobKind {
    SYSCTL("sysctl"),
    QEMU_CONF("qemu.conf"),
    LIBVIRTD_CONF("libvirtd.conf"),
    /** a directive of the systemd unit named by the knob's {@code unitFile} */
    SYSTEMD(""),
    ENV("env"),
    SSHD("sshd_config"),
    /** more of the machine (RAM): a person acts on it */
    HARDWARE(""),
    /** a constant of the code: nothing moves it but a fix */
    NONE(""),
    /** the experiment's own threshold (a step's SLO): no setting of the host moves it, the fix meets it or the experiment relaxes it */
    SLO("");

    private final String where;

    KnobKind(String where) {
        this.where = where;
    }

    /** True when a configuration file sets it (not hardware, not a constant). */
    public boolean isConfiguration() {
        return this != HARDWARE && this != NONE && this != SLO;
    }

    /** "sysctl fs.aio-max-nr", "libvirtd.service LimitNOFILE", "qemu.conf max_files"; the key alone otherwise. */
    String text(String unitFile, String key) {
        return switch (this) {
            case SYSTEMD -> unitFile + " " + key;
            case HARDWARE, NONE, SLO -> key;
            default -> where + " " + key;
        };
    }

    /** The file a sysctl is read from on a running host: /proc/sys/fs/aio-max-nr. */
    public static Path procSys(String sysctl) {
        return Path.of("/proc/sys").resolve(sysctl.replace('.', '/'));
    }
}
