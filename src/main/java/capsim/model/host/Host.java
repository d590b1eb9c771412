package capsim.model.host;

import capsim.measure.Unit;
import capsim.resource.Knob;
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

    private static final LimitSpec FILE_MAX = LimitSpec.of("fs.file-max", Scope.SYSTEM, Errno.ENFILE, Knob.of(SysctlSpec::fileMax));
    private static final LimitSpec NR_OPEN = LimitSpec.of("fs.nr_open", Scope.PROCESS, Errno.EPERM, Knob.of(SysctlSpec::nrOpen));
    private static final LimitSpec AIO_MAX_NR = LimitSpec.of("fs.aio-max-nr", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::aioMaxNr));
    private static final LimitSpec INOTIFY_WATCHES = LimitSpec.of("fs.inotify.max_user_watches", Scope.USER, Errno.ENOSPC,
            Knob.of(SysctlSpec::inotifyMaxUserWatches));
    private static final LimitSpec THREADS_MAX = LimitSpec.of("kernel.threads-max", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::threadsMax));
    private static final LimitSpec PID_MAX = LimitSpec.of("kernel.pid_max", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::pidMax));
    private static final LimitSpec PTY_MAX = LimitSpec.of("kernel.pty.max", Scope.SYSTEM, Errno.ENOSPC, Knob.of(SysctlSpec::ptyMax));

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
        // the pool counts usable MiB; the knob is the host's RAM in GiB, of which hostReservedGiB is the host's own
        double reservedGiB = spec.hostReservedGiB();
        LimitSpec memory = LimitSpec.of("host.memory", Scope.SYSTEM, Errno.ENOMEM, Knob.of(HostSpec::ramGiB))
                .withNote("(usable MiB = (host.ramGiB - host.hostReservedGiB) x 1024), or fewer guests")
                .counting(Unit.MIB, usable -> Unit.MIB.convert(usable, Unit.GIB) + reservedGiB);
        memoryMiB = new LimitedPool(memory, Math.max(0, usableMiB), log, true);
        if (s.overcommitMemory() == 2) {
            // CommitLimit = overcommit_kbytes (or RAM x ratio) + swap (mm/util.c vm_commit_limit): the knob is CommitLimit less swap
            double swapKiB = Unit.GIB.convert(spec.swapGiB(), Unit.KIB);
            LimitSpec commit = LimitSpec.of("vm.commit-limit", Scope.SYSTEM, Errno.ENOMEM, Knob.of(SysctlSpec::overcommitKbytes))
                    .withNote("(KiB; CommitLimit = it + swap; or vm.overcommit_ratio, or swap)")
                    .counting(Unit.KIB, limit -> Math.max(1, limit - swapKiB));
            commitKiB = new LimitedPool(commit, commitLimitKiB(spec), log, true);
            commitKiB.take(0, Math.min(commitKiB.limit(), (long) (spec.hostReservedGiB() * KIB_PER_GIB)));
        } else {
            commitKiB = null;
        }
        files = new LimitedPool(FILE_MAX, s.fileMax(), log, true);
        nrOpen = new LimitedPool(NR_OPEN, s.nrOpen(), log);
        aioEvents = new LimitedPool(AIO_MAX_NR, s.aioMaxNr(), log, true);
        inotifyWatches = new LimitedPool(INOTIFY_WATCHES, s.inotifyMaxUserWatches(), log, true);
        threads = new LimitedPool(THREADS_MAX, s.threadsMax(), log, true);
        pids = new LimitedPool(PID_MAX, s.pidMax(), log, true);
        // QEMU's ptys come from the initial devpts instance, which may use all of pty.max
        // (kernel.pty.reserve only holds ptys back from other instances)
        ptys = new LimitedPool(PTY_MAX, s.ptyMax(), log, true);
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
