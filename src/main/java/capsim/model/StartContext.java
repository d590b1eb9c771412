package capsim.model;

import capsim.model.common.GuestTemplate;
import capsim.model.cpu.HostCpus;
import capsim.model.host.Host;
import capsim.model.kvm.KvmHost;
import capsim.model.libvirt.Libvirtd;
import capsim.model.machined.Machined;
import capsim.model.qemu.QemuProcesses;
import capsim.resource.BreakingPointLog;
import capsim.resource.LimitedPool;

/**
 * What one {@link GuestStart} needs and nothing more: the parts it takes from (the kernel's
 * pools, libvirtd, machined, the QEMU processes, KVM's memory slots), the guest's shape, its
 * drawn timings, and where it reports its outcome.
 */
interface StartContext {
    Host host();

    Libvirtd libvirtd();

    Machined machined();

    QemuProcesses qemu();

    KvmHost kvm();

    GuestTemplate guest();

    /** The host's CPUs: a start's work is CPU work that stretches when they are busy. */
    HostCpus cpus();

    BreakingPointLog log();

    /** libvirt's preparation of one start, drawn. */
    long prepareNs();

    /** The guest's boot, drawn. */
    long bootNs();

    void requested(int guest);

    /** The start call returned (QEMU runs, its monitor is connected); the guest boots from here. */
    void returned(int guest);

    /**
     * The guest runs; {@code qemuFds} is its QEMU's fd table (null if none was made), {@code held}
     * what it holds until it is shut off.
     */
    void running(int guest, LimitedPool qemuFds, Holdings held);

    /** The start failed and gave everything back; {@code refused} is the refused demand it left counted (or null). */
    void failed(int guest, Holdings.Refused refused);

    /** libvirt's CreateMachine call gave up after the D-Bus timeout. */
    void machinedTimeout(String who, long waitedNs);

    /** A start exceeded the step's latency SLO: name the largest part of its time. */
    void slowStart(String who, long latencyNs, long sloNs, long workerWaitNs, long machinedWaitNs, long drainNs);
}
