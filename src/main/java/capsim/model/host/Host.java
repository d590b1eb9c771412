package capsim.model.host;

import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.List;

/** The host kernel at run time: its system-wide pools, built from a {@link HostSpec}. */
public final class Host {
    private final HostSpec spec;
    private final LimitedPool memoryMiB;
    private final LimitedPool files;
    private final LimitedPool threads;
    private final LimitedPool pids;
    private final LimitedPool ptys;
    private final LimitedPool qemuUserTasks;

    public Host(HostSpec spec, BreakingPointLog log) {
        this(spec, log, spec.ramGiB());
    }

    /** @param usableRamGiB RAM the kernel can use (below spec.ramGiB() while a stack's RAM-ceiling bug is present) */
    public Host(HostSpec spec, BreakingPointLog log, double usableRamGiB) {
        this.spec = spec;
        SysctlSpec s = spec.sysctl();
        long usableMiB = (long) Math.floor((Math.min(usableRamGiB, spec.ramGiB()) - spec.hostReservedGiB()) * 1024);
        memoryMiB = new LimitedPool(LimitSpec.tunable("host.memory", Scope.SYSTEM, Errno.ENOMEM,
                "host RAM, MiB (more RAM or fewer guests)", "host.ramGiB"), Math.max(0, usableMiB), log, true);
        files = new LimitedPool(LimitSpec.tunable("fs.file-max", Scope.SYSTEM, Errno.ENFILE,
                "sysctl fs.file-max", "host.sysctl.fileMax"), s.fileMax(), log, true);
        threads = new LimitedPool(LimitSpec.tunable("kernel.threads-max", Scope.SYSTEM, Errno.EAGAIN,
                "sysctl kernel.threads-max", "host.sysctl.threadsMax"), s.threadsMax(), log, true);
        pids = new LimitedPool(LimitSpec.tunable("kernel.pid_max", Scope.SYSTEM, Errno.EAGAIN,
                "sysctl kernel.pid_max", "host.sysctl.pidMax"), s.pidMax(), log, true);
        // devpts instances other than the initial one get max - reserve (kernel.pty.reserve)
        ptys = new LimitedPool(LimitSpec.tunable("kernel.pty.max", Scope.SYSTEM, Errno.ENOSPC,
                "sysctl kernel.pty.max", "host.sysctl.ptyMax"), s.ptyMax(), log, true);
        qemuUserTasks = new LimitedPool(LimitSpec.tunable("qemu-user.nproc", Scope.USER, Errno.EAGAIN,
                "RLIMIT_NPROC of the qemu user (qemu.conf max_processes)", "host.qemuUserNproc"), spec.qemuUserNproc(), log, true);
    }

    public HostSpec spec() {
        return spec;
    }

    public LimitedPool memoryMiB() {
        return memoryMiB;
    }

    public LimitedPool files() {
        return files;
    }

    public LimitedPool threads() {
        return threads;
    }

    public LimitedPool pids() {
        return pids;
    }

    public LimitedPool ptys() {
        return ptys;
    }

    public LimitedPool qemuUserTasks() {
        return qemuUserTasks;
    }

    public List<LimitedPool> pools() {
        return List.of(memoryMiB, files, threads, pids, ptys, qemuUserTasks);
    }
}
