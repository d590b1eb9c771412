package capsim.model.host;

import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The host kernel at run time: its system-wide pools, built from a {@link HostSpec}. Pools start
 * with what the host itself holds (its tasks, its sessions' ptys, its own memory).
 */
public final class Host {
    private static final long KIB_PER_GIB = 1024L * 1024L;

    private final HostSpec spec;
    private final LimitedPool memoryMiB;
    private final LimitedPool commitKiB;   // null unless vm.overcommit_memory = 2
    private final LimitedPool files;
    private final LimitedPool nrOpen;
    private final LimitedPool aioEvents;
    private final LimitedPool inotifyWatches;
    private final LimitedPool threads;
    private final LimitedPool pids;
    private final LimitedPool ptys;

    public Host(HostSpec spec, BreakingPointLog log) {
        this(spec, log, spec.ramGiB());
    }

    /** @param usableRamGiB RAM the kernel can use (below spec.ramGiB() while a stack's RAM-ceiling bug is present) */
    public Host(HostSpec spec, BreakingPointLog log, double usableRamGiB) {
        this.spec = spec;
        SysctlSpec s = spec.sysctl();
        long usableMiB = (long) Math.floor((Math.min(usableRamGiB, spec.ramGiB()) - spec.hostReservedGiB()) * 1024);
        memoryMiB = new LimitedPool(LimitSpec.tunable("host.memory", Scope.SYSTEM, Errno.ENOMEM,
                "host RAM (usable MiB = (host.ramGiB - host.hostReservedGiB) x 1024), or fewer guests", "host.ramGiB"), Math.max(0, usableMiB), log, true);
        if (s.overcommitMemory() == 2) {
            commitKiB = new LimitedPool(LimitSpec.tunable("vm.commit-limit", Scope.SYSTEM, Errno.ENOMEM,
                    "sysctl vm.overcommit_kbytes (CommitLimit, KiB; or vm.overcommit_ratio, or swap)",
                    "host.sysctl.overcommitKbytes"), commitLimitKiB(spec), log, true);
            commitKiB.take(0, Math.min(commitKiB.limit(), (long) (spec.hostReservedGiB() * KIB_PER_GIB)));
        } else {
            commitKiB = null;
        }
        files = new LimitedPool(LimitSpec.tunable("fs.file-max", Scope.SYSTEM, Errno.ENFILE,
                "sysctl fs.file-max", "host.sysctl.fileMax"), s.fileMax(), log, true);
        nrOpen = new LimitedPool(LimitSpec.tunable("fs.nr_open", Scope.PROCESS, Errno.EPERM,
                "sysctl fs.nr_open", "host.sysctl.nrOpen"), s.nrOpen(), log);
        aioEvents = new LimitedPool(LimitSpec.tunable("fs.aio-max-nr", Scope.SYSTEM, Errno.EAGAIN,
                "sysctl fs.aio-max-nr", "host.sysctl.aioMaxNr"), s.aioMaxNr(), log, true);
        inotifyWatches = new LimitedPool(LimitSpec.tunable("fs.inotify.max_user_watches", Scope.USER, Errno.ENOSPC,
                "sysctl fs.inotify.max_user_watches", "host.sysctl.inotifyMaxUserWatches"), s.inotifyMaxUserWatches(), log, true);
        threads = new LimitedPool(LimitSpec.tunable("kernel.threads-max", Scope.SYSTEM, Errno.EAGAIN,
                "sysctl kernel.threads-max", "host.sysctl.threadsMax"), s.threadsMax(), log, true);
        pids = new LimitedPool(LimitSpec.tunable("kernel.pid_max", Scope.SYSTEM, Errno.EAGAIN,
                "sysctl kernel.pid_max", "host.sysctl.pidMax"), s.pidMax(), log, true);
        // QEMU's ptys come from the initial devpts instance, which may use all of pty.max
        // (kernel.pty.reserve only holds ptys back from other instances)
        ptys = new LimitedPool(LimitSpec.tunable("kernel.pty.max", Scope.SYSTEM, Errno.ENOSPC,
                "sysctl kernel.pty.max", "host.sysctl.ptyMax"), s.ptyMax(), log, true);
        threads.take(0, Math.min(threads.limit(), spec.baseTasks()));
        pids.take(0, Math.min(pids.limit(), spec.baseTasks()));
        ptys.take(0, Math.min(ptys.limit(), spec.hostPtys()));
    }

    /** CommitLimit in KiB (mm/util.c vm_commit_limit): overcommit_kbytes or RAM x ratio / 100, plus swap. */
    public static long commitLimitKiB(HostSpec spec) {
        SysctlSpec s = spec.sysctl();
        double ram = s.overcommitKbytes() > 0 ? s.overcommitKbytes() : spec.ramGiB() * KIB_PER_GIB * s.overcommitRatio() / 100.0;
        return (long) Math.floor(ram + spec.swapGiB() * KIB_PER_GIB);
    }

    public HostSpec spec() {
        return spec;
    }

    public LimitedPool memoryMiB() {
        return memoryMiB;
    }

    /** The commit charge against CommitLimit, KiB; null unless overcommit is strict. */
    public LimitedPool commitKiB() {
        return commitKiB;
    }

    public LimitedPool files() {
        return files;
    }

    /** Checks an RLIMIT_NOFILE against fs.nr_open: take and give back at once. */
    public LimitedPool nrOpen() {
        return nrOpen;
    }

    public LimitedPool aioEvents() {
        return aioEvents;
    }

    public LimitedPool inotifyWatches() {
        return inotifyWatches;
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

    /** The pools a report shows (usage over time, high-water marks). */
    public List<LimitedPool> pools() {
        List<LimitedPool> out = new ArrayList<>(List.of(memoryMiB));
        if (commitKiB != null) out.add(commitKiB);
        out.addAll(List.of(files, aioEvents, inotifyWatches, threads, pids, ptys));
        return out;
    }
}
