package capsim.model.qemu;

import capsim.measure.MetricSink;
import capsim.measure.Unit;
import capsim.model.common.GuestTemplate;
import capsim.model.common.DeviceFds;
import capsim.model.common.HostComponent;
import capsim.model.host.HostSpec;
import capsim.model.host.SysctlSpec;
import capsim.model.libvirt.LibvirtSpec;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.Knob;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.List;

/**
 * The QEMU processes of a host at run time: what one process of the experiment's guest takes
 * ({@link QemuFootprint}), the tasks of the uid they all run as (against QEMU's RLIMIT_NPROC),
 * each process's RLIMIT_NOFILE, and the select() fd set of a QEMU whose main loop uses select().
 */
public final class QemuProcesses implements HostComponent, DeviceFds {
    /** One QEMU process's open files against the RLIMIT_NOFILE libvirt sets. */
    public static final LimitSpec NOFILE = LimitSpec.of("qemu.nofile", Scope.PROCESS, Errno.EMFILE, Knob.of(LibvirtSpec::qemuMaxFiles));

    /**
     * One QEMU process's memory mappings against vm.max_map_count. mm/mmap.c do_mmap refuses a
     * new mapping once mm->map_count exceeds the sysctl, so a process can hold one more than it:
     * the pool's limit is the sysctl + 1, and the knob value for a limit is one less.
     */
    public static final LimitSpec MAP_COUNT = LimitSpec.of("qemu.max_map_count", Scope.PROCESS, Errno.ENOMEM,
            Knob.of(SysctlSpec::maxMapCount)).counting(Unit.COUNT, maps -> maps - 1);

    private final QemuSpec spec;
    private final GlibcSpec glibc;
    private final QemuFootprint footprint;
    private final LimitedPool userTasks;
    private final long nofileLimit;
    private final long mapCountLimit;
    private final LimitSpec selectLoop;
    private final BreakingPointLog log;
    private long fdsHighWater;
    private long vhostFallbacks;
    private long ioeventfdFallbacks;
    private long fdsRunning;

    /**
     * @param nprocSpec   the qemu uid's RLIMIT_NPROC as libvirt sets it, with its limit {@code nprocLimit}
     * @param nofileLimit RLIMIT_NOFILE libvirt sets on each QEMU
     */
    public QemuProcesses(HostSpec host, QemuSpec spec, GlibcSpec glibc, GuestTemplate guest,
                         LimitSpec nprocSpec, long nprocLimit, long nofileLimit, BreakingPointLog log) {
        this.spec = spec;
        this.glibc = glibc;
        this.log = log;
        this.footprint = QemuFootprint.of(host, spec, glibc, guest);
        this.userTasks = new LimitedPool(nprocSpec, nprocLimit, log, true);
        this.nofileLimit = nofileLimit;
        this.mapCountLimit = host.sysctl().maxMapCount() + 1;
        this.selectLoop = spec.mainLoop() == EventLoop.SELECT
                ? LimitSpec.hard("qemu.select-fd-setsize", Scope.PROCESS, Errno.EINVAL,
                        "FD_SETSIZE " + glibc.fdSetSize() + " (glibc fd_set): an fd numbered at or above it cannot be watched by select()",
                        "a QEMU whose main loop uses poll() (g_poll since QEMU 1.4-1.5, 2013)")
                : null;
    }

    public QemuSpec spec() {
        return spec;
    }

    /** What one QEMU process of the experiment's guest takes. */
    public QemuFootprint footprint() {
        return footprint;
    }

    /** Tasks of the uid all QEMU processes run as, against QEMU's RLIMIT_NPROC. */
    public LimitedPool userTasks() {
        return userTasks;
    }

    /** A fresh RLIMIT_NOFILE pool for one QEMU process. */
    public LimitedPool newFdTable() {
        return new LimitedPool(NOFILE, nofileLimit, log);
    }

    @Override
    public LimitedPool newRunningGuestFdTable(long nowNs) {
        LimitedPool t = newFdTable();
        t.take(nowNs, Math.min(footprint.fdsTotal(), t.limit()));
        return t;
    }

    @Override
    public long realizeFds(Kind kind) {
        return kind == Kind.VIRTIO_NET ? footprint.fdsPerNicAtRealize() : footprint.fdsPerDiskAtRealize();
    }

    @Override
    public long driverStartFds(Kind kind) {
        return kind == Kind.VIRTIO_NET ? footprint.fdsPerNicAtDriverStart() : footprint.fdsPerDiskAtDriverStart();
    }

    @Override
    public long fallbackFds(Kind kind) {
        return kind == Kind.VIRTIO_NET ? footprint.fdsPerNicWithoutVhost() : 0;
    }

    /** A fresh count of one QEMU process's memory mappings, against vm.max_map_count. */
    public LimitedPool newMapTable() {
        return new LimitedPool(MAP_COUNT, mapCountLimit, log);
    }

    /** A fresh fd_set for one QEMU with a select() main loop, or null with poll(). */
    public LimitedPool newSelectSet() {
        return selectLoop == null ? null : new LimitedPool(selectLoop, glibc.fdSetSize(), log);
    }

    public boolean selectLoop() {
        return selectLoop != null;
    }

    /** A QEMU process is up: its fds count toward the high-water mark. */
    public void running(LimitedPool fds) {
        if (fds == null) return;
        fdsHighWater = Math.max(fdsHighWater, fds.highWater());
        // what a running QEMU holds once booted: its transients given back, its devices started or degraded
        fdsRunning = Math.max(fdsRunning, fds.used());
    }

    /**
     * {@code nics} virtio-net devices whose vhost-net could not start when the guest driver
     * started them: they run in userspace virtio ("unable to start vhost net ... falling back on
     * userspace virtio", hw/net/virtio-net.c virtio_net_vhost_status), every packet through QEMU.
     */
    @Override
    public void vhostFallback(long nics) {
        vhostFallbacks += nics;
    }

    /**
     * {@code devices} virtio devices whose ioeventfds (and irqfds) could not be created when the
     * guest driver started them: notifications go through QEMU's vCPU exits instead
     * ("virtio_bus_start_ioeventfd: failed. Fallback to userspace (slower).").
     */
    @Override
    public void ioeventfdFallback(long devices) {
        ioeventfdFallbacks += devices;
    }

    @Override
    public List<LimitedPool> pools() {
        return List.of(userTasks);
    }

    @Override
    public void report(MetricSink m) {
        // one QEMU process of this guest shape, as the model files make it
        QemuFootprint f = footprint;
        m.count("qemu.fds.perProcess", (double) f.fdsTotal());
        m.count("qemu.fds.perProcessAtRealize", (double) f.fdsAtRealize());
        m.count("qemu.nics.vhostFallback", (double) vhostFallbacks);
        m.count("qemu.devices.ioeventfdFallback", (double) ioeventfdFallbacks);
        m.count("qemu.threads.perProcess", (double) f.threads());
        m.count("qemu.mappings.perProcess", (double) f.mappings(f.threads()));
        m.count("qemu.arenas.limit", (double) f.arenaLimit());
        m.count("qemu.arenas.perProcess", (double) f.arenas(f.threads()));
        m.amount("qemu.arenas.addressSpaceLimitGiB", Unit.GIB, f.arenaAddressSpaceLimitMiB() / 1024);
        m.amount("qemu.arenas.addressSpaceGiB", Unit.GIB, f.arenaAddressSpaceMiB(f.threads()) / 1024);
        m.amount("qemu.virtual.perProcessGiB", Unit.GIB, f.virtualMiB(f.threads()) / 1024);
        m.amount("qemu.commit.perProcessMiB", Unit.MIB, f.commitKiB(f.threads()) / 1024.0);
        m.amount("qemu.resident.perProcessMiB", Unit.MIB, f.residentMiB());
        m.count("qemu.drain.pollsPerBoot", (double) f.drainPolls());
        m.time("qemu.drain.perBootS", Unit.S, f.drainNs() / 1e9);
        if (fdsHighWater > 0) m.highWater("qemu.nofile", Unit.COUNT, (double) fdsHighWater);
        if (fdsRunning > 0) m.count("qemu.fds.heldRunning", (double) fdsRunning);
        m.limit("qemu.nofile", Unit.COUNT, (double) nofileLimit);
    }
}
