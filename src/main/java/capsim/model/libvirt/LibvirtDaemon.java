package capsim.model.libvirt;

/**
 * The daemon that runs libvirt's QEMU driver, and so holds the service limits and the worker
 * pool the model calls "libvirtd": the monolithic libvirtd, or virtqemud of the modular daemons
 * (the default on RHEL 9 and Fedora 35 and later, docs/sources.md, userspace §5). Each has its
 * own unit and configuration file.
 */
public enum LibvirtDaemon {
    LIBVIRTD("libvirtd"),
    VIRTQEMUD("virtqemud");

    private final String program;

    LibvirtDaemon(String program) {
        this.program = program;
    }

    public String program() {
        return program;
    }

    /** Its systemd unit: "virtqemud.service". */
    public String unitFile() {
        return program + ".service";
    }

    /** Its configuration file under /etc/libvirt: "virtqemud.conf". */
    public String confFile() {
        return program + ".conf";
    }

    /** The unit a knob declared on libvirtd.service lives in for this daemon; other units as declared. */
    public String unitFor(String declared) {
        return declared.equals(LIBVIRTD.unitFile()) ? unitFile() : declared;
    }
}
