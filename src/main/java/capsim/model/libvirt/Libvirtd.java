package capsim.model.libvirt;

import capsim.model.common.HostComponent;
import capsim.resource.Knob;
import capsim.kernel.Simulation;
import capsim.model.host.HostSpec;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.FifoServers;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import capsim.measure.MetricSink;
import capsim.measure.Unit;
import java.util.List;

/**
 * libvirtd at run time: its RPC worker pool, its own fd table and cgroup task count, and the
 * limits it hands each QEMU it starts (qemu.conf max_files / max_processes, or its own).
 */
public final class Libvirtd implements HostComponent {
    /** The daemon's own limits, in the unit of the daemon that runs the QEMU driver (libvirtd.service or virtqemud.service). */
    private static LimitSpec daemonNofile(LibvirtDaemon d) {
        Knob k = Knob.of(LibvirtSpec::daemonNofile);
        return LimitSpec.of("libvirtd.nofile", Scope.SERVICE, Errno.EMFILE, k.inUnit(d.unitFor(k.unitFile())));
    }

    private static LimitSpec daemonTasks(LibvirtDaemon d) {
        Knob k = Knob.of(LibvirtSpec::daemonTasksMax);
        return LimitSpec.of("libvirtd.tasks", Scope.SERVICE, Errno.EAGAIN, k.inUnit(d.unitFor(k.unitFile())));
    }
    /** QEMU's RLIMIT_NPROC counts every task of the qemu uid: set by qemu.conf, or inherited from libvirtd */
    private static final LimitSpec QEMU_NPROC_FROM_QEMU_CONF = LimitSpec.of("qemu-user.nproc", Scope.USER, Errno.EAGAIN,
            Knob.of(LibvirtSpec::qemuMaxProcesses));
    private static final LimitSpec QEMU_NPROC_FROM_DAEMON = LimitSpec.of("qemu-user.nproc", Scope.USER, Errno.EAGAIN,
            Knob.of(LibvirtSpec::daemonNproc)).withNote("(or qemu.conf max_processes)");

    private final LibvirtSpec spec;
    private final FifoServers workers;
    private final LimitedPool fds;
    private final LimitedPool tasks;
    private final LimitSpec qemuNproc;
    private final long qemuNprocLimit;
    private int defined;

    public Libvirtd(Simulation sim, LibvirtSpec spec, HostSpec host, BreakingPointLog log) {
        this.spec = spec;
        this.workers = new FifoServers(sim, "libvirtd.workers", spec.maxWorkers());
        this.fds = new LimitedPool(daemonNofile(spec.daemon()), spec.effectiveNofile(), log, true);
        fds.take(sim.now(), Math.min(spec.daemonBaseFds(), spec.effectiveNofile()));
        long tasksMax = spec.daemonTasksMax() > 0 ? spec.daemonTasksMax() : LimitedPool.UNLIMITED;
        this.tasks = new LimitedPool(daemonTasks(spec.daemon()), tasksMax, log, true);
        tasks.take(sim.now(), Math.min(spec.daemonThreads(), tasksMax));

        // QEMU's RLIMIT_NPROC: qemu.conf max_processes if set, else what libvirtd has
        // (its unit's LimitNPROC, or init's default); it bounds all tasks of the qemu uid
        if (spec.qemuMaxProcesses() > 0) {
            qemuNproc = QEMU_NPROC_FROM_QEMU_CONF;
            qemuNprocLimit = spec.qemuMaxProcesses();
        } else {
            qemuNproc = QEMU_NPROC_FROM_DAEMON;
            qemuNprocLimit = spec.daemonNproc() > 0 ? spec.daemonNproc() : host.initNproc();
        }
    }

    public LibvirtSpec spec() {
        return spec;
    }

    public FifoServers workers() {
        return workers;
    }

    public LimitedPool fds() {
        return fds;
    }

    /** Tasks in libvirtd.service's cgroup, against its TasksMax. */
    public LimitedPool tasks() {
        return tasks;
    }

    /** RLIMIT_NOFILE each QEMU gets. */
    public long qemuNofileLimit() {
        return spec.qemuMaxFiles() > 0 ? spec.qemuMaxFiles() : spec.effectiveNofile(); // QEMU inherits the raised soft limit too
    }

    /** What limits the tasks of the qemu uid, and where it is set. */
    public LimitSpec qemuNprocSpec() {
        return qemuNproc;
    }

    /** RLIMIT_NPROC each QEMU gets: the bound on all tasks of the qemu uid. */
    public long qemuNprocLimit() {
        return qemuNprocLimit;
    }

    @Override
    public List<LimitedPool> pools() {
        return List.of(fds, tasks);
    }

    @Override
    public void report(MetricSink m) {
        m.time("libvirtd.workers.wait.maxS", Unit.S, workers.waits().count() == 0 ? 0 : workers.waits().max());
        // what the daemon holds at the end: its base, the running guests' fds and threads (a start's transient fds given back)
        m.count("libvirtd.fds.held", (double) fds.used());
        m.count("libvirtd.tasks.held", (double) tasks.used());
    }

    public void defined(int n) {
        defined += n;
    }

    public int definedGuests() {
        return defined;
    }
}
