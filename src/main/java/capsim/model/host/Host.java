package capsim.model.host;

import capsim.measure.MetricSink;
import capsim.measure.Unit;
import capsim.model.common.Arch;
import capsim.model.common.HostComponent;
import capsim.model.net.HostKernelSpec;
import capsim.resource.BreakingPoint;
import java.util.function.DoubleUnaryOperator;
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
 * with what the host itself holds (its tasks, its sessions' ptys, its own memory). The RAM the
 * kernel can use is here too: all of it, or less under the s390 large-RAM bug
 * ({@link #usableRamGiB}), which is then a breaking point at boot ({@code host.ram-ceiling}).
 */
public final class Host implements HostComponent {
    private static final long KIB_PER_GIB = 1024L * 1024L;

    private static final LimitSpec FILE_MAX = LimitSpec.of("fs.file-max", Scope.SYSTEM, Errno.ENFILE, Knob.of(SysctlSpec::fileMax));
    private static final LimitSpec NR_OPEN = LimitSpec.of("fs.nr_open", Scope.PROCESS, Errno.EPERM, Knob.of(SysctlSpec::nrOpen));
    private static final LimitSpec AIO_MAX_NR = LimitSpec.of("fs.aio-max-nr", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::aioMaxNr));
    private static final LimitSpec INOTIFY_WATCHES = LimitSpec.of("fs.inotify.max_user_watches", Scope.USER, Errno.ENOSPC,
            Knob.of(SysctlSpec::inotifyMaxUserWatches));
    private static final LimitSpec THREADS_MAX = LimitSpec.of("kernel.threads-max", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::threadsMax));
    /**
     * kernel/pid.c: once the pid counter has passed RESERVED_PIDS (early in boot), alloc_pid
     * hands out pids from [RESERVED_PIDS, pid_max) only (idr_alloc_cyclic(..., pid_min,
     * pid_max): pid_max itself is never a pid; alloc_pidmap() in 4.x wraps to RESERVED_PIDS the
     * same way). A kernel constant, not a tunable (docs/sources.md, kernel §6).
     */
    static final long RESERVED_PIDS = 300;

    /**
     * The pool holds the pid numbers new tasks can get, pid_max - RESERVED_PIDS; the knob value
     * for a pool limit is that limit + RESERVED_PIDS. Every task counts, including the base tasks
     * that hold pids below RESERVED_PIDS (kernel threads and init started first), so the pool
     * is conservative by at most RESERVED_PIDS - 1 of them.
     */
    static final LimitSpec PID_MAX = LimitSpec.of("kernel.pid_max", Scope.SYSTEM, Errno.EAGAIN, Knob.of(SysctlSpec::pidMax))
            .counting(Unit.COUNT, pids -> pids + RESERVED_PIDS);
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
    private final BreakingPointLog log;
    private final double usableRamGiB;

    public Host(HostSpec spec, BreakingPointLog log) {
        this(spec, log, spec.ramGiB());
    }

    /** The host with the RAM {@code kernel} lets it use ({@link #usableRamGiB}). */
    public Host(HostSpec spec, HostKernelSpec kernel, BreakingPointLog log) {
        this(spec, log, usableRamGiB(spec, kernel));
    }

    /** Host RAM the kernel can use, GiB: all of it, or the ceiling of the s390 large-RAM bug. */
    public static double usableRamGiB(HostSpec host, HostKernelSpec kernel) {
        if (host.arch() == Arch.S390X && kernel.s390LargeRamBug()) return Math.min(host.ramGiB(), kernel.s390LargeRamCeilingGiB());
        return host.ramGiB();
    }

    /** RAM the kernel can use, GiB. */
    public double usableRamGiB() {
        return usableRamGiB;
    }

    /** At boot: RAM above the ceiling of the s390 large-RAM bug is unusable, a breaking point at time 0. */
    @Override
    public void atStart() {
        if (usableRamGiB >= spec.ramGiB()) return;
        LimitSpec ceiling = LimitSpec.hard("host.ram-ceiling", Scope.SYSTEM, Errno.ENOMEM,
                "s390 mm bug: a return value held in an int where a wider type was needed (host RAM above "
                        + Math.round(usableRamGiB) + " GiB unusable)",
                "kernel with the s390 mm fix (stack.hostKernel.s390LargeRamBug = false); until then boot with mem="
                        + Math.round(usableRamGiB) + "G").counting(Unit.GIB, DoubleUnaryOperator.identity());
        log.record(new BreakingPoint(0, "host", ceiling, Math.round(usableRamGiB), Math.round(spec.ramGiB()),
                Math.round(spec.ramGiB())));
    }

    @Override
    public void report(MetricSink m) {
        if (usableRamGiB < spec.ramGiB()) m.amount("host.usableRamGiB", Unit.GIB, usableRamGiB);
    }

    /** @param usableRamGiB RAM the kernel can use (below spec.ramGiB() while a stack's RAM-ceiling bug is present) */
    public Host(HostSpec spec, BreakingPointLog log, double usableRamGiB) {
        this.spec = spec;
        this.log = log;
        this.usableRamGiB = usableRamGiB;
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
        pids = new LimitedPool(PID_MAX, usablePids(s.pidMax()), log, true);
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

    /** The pids new tasks can be given under kernel.pid_max: RESERVED_PIDS .. pid_max - 1. */
    public static long usablePids(long pidMax) {
        return Math.max(0, pidMax - RESERVED_PIDS);
    }

    public LimitedPool pids() {
        return pids;
    }

    public LimitedPool ptys() {
        return ptys;
    }

    /** The pools a report shows (usage over time, high-water marks). */
    @Override
    public List<LimitedPool> pools() {
        List<LimitedPool> out = new ArrayList<>(List.of(memoryMiB));
        if (commitKiB != null) out.add(commitKiB);
        out.addAll(List.of(files, aioEvents, inotifyWatches, threads, pids, ptys));
        return out;
    }
}
