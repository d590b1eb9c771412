package capsim.validate;

import java.util.List;

/** One validation probe: drives real software, measures a curve or a limit, and compares it with the model. */
public interface Probe {
    /** The name on the command line, e.g. "qemu-disks". */
    String name();

    /** What it measures, one line. */
    String description();

    /** Programs it cannot run without (besides the QEMU targets it picks from). */
    List<Program> programs();

    /** True when it needs QEMU (at least one target installed). */
    boolean needsQemu();

    /** True when it needs a network namespace (root or CAP_SYS_ADMIN). */
    boolean needsNetns();

    /** The default N (disks, ports, interfaces, processes); --max replaces it. */
    int defaultMax();

    /** The largest N it accepts, whatever --max says: keeps its resource use bounded. */
    int ceiling();

    ProbeResult run(ProbeContext ctx) throws Exception;

    /** Every probe, in the order they run. */
    static List<Probe> all() {
        return List.of(new QemuDisksProbe(), new QemuHotplugProbe(false), new QemuHotplugProbe(true),
                new QemuFdLimitProbe(), new PciSlotsProbe(), new BridgePortsProbe(), new NetdevCreateProbe(),
                new ManyQemuProbe());
    }
}
