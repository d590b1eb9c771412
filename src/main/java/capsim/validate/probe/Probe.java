package capsim.validate.probe;

import capsim.validate.host.Program;
import java.util.List;

/** One validation probe: drives real software, measures a curve or a limit, and compares it with the model. */
public interface Probe {
    /**
     * What a probe needs besides its programs: a QEMU target installed, a network namespace (root
     * or CAP_SYS_ADMIN), or a private libvirtd (libvirt's daemon, client and QEMU driver, root;
     * {@link capsim.validate.host.LibvirtdSandbox#whyNot}: skipped when missing, refused when named),
     * or nothing but the JVM.
     */
    enum Needs {
        QEMU, NETNS, LIBVIRT, NOTHING
    }

    /**
     * What a probe states about itself.
     *
     * @param name        the name on the command line, e.g. "qemu-disks"
     * @param description what it measures, one line
     * @param needs       QEMU or a network namespace
     * @param defaultMax  the default N (disks, ports, interfaces, processes); --max replaces it
     * @param ceiling     the largest N it accepts, whatever --max says: keeps its resource use bounded
     * @param programs    programs it cannot run without (besides the QEMU targets it picks from)
     */
    record Info(String name, String description, Needs needs, int defaultMax, int ceiling, List<Program> programs) {
        public Info(String name, String description, Needs needs, int defaultMax, int ceiling, Program... programs) {
            this(name, description, needs, defaultMax, ceiling, List.of(programs));
        }
    }

    Info info();

    ProbeResult run(ProbeContext ctx) throws Exception;

    default String name() {
        return info().name();
    }

    default String description() {
        return info().description();
    }

    default List<Program> programs() {
        return info().programs();
    }

    default boolean needsQemu() {
        return info().needs() == Needs.QEMU;
    }

    default boolean needsNetns() {
        return info().needs() == Needs.NETNS;
    }

    default int defaultMax() {
        return info().defaultMax();
    }

    default int ceiling() {
        return info().ceiling();
    }

    /** Every probe, in the order they run. */
    static List<Probe> all() {
        return List.of(new QemuDisksProbe(), new QemuHotplugProbe(false), new QemuHotplugProbe(true),
                new QemuFdLimitProbe(), new PciSlotsProbe(), new BridgePortsProbe(), new NetdevCreateProbe(),
                new ManyQemuProbe(), new GuestDevicesProbe(true), new GuestDevicesProbe(false), new GuestFdLimitProbe(),
                new GuestHotplugProbe(), new VhostProbe(), new LibvirtGuestsProbe(), new LibvirtFdLimitProbe(),
                new ConcurrentStartsProbe(), new CpuShareProbe(), new WakeupProbe());
    }
}
