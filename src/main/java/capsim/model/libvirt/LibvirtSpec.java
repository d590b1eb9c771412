package capsim.model.libvirt;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;
import capsim.config.ReadBySteps;

/** libvirtd of a stack: RPC workers, its own limits, and the limits it sets on each QEMU. */
@Doc("libvirt: daemon workers and limits, qemu.conf limits (the daemon is libvirtd or virtqemud)")
public record LibvirtSpec(
        @Doc("libvirt version") String version,
        @Doc("the daemon that runs the QEMU driver and holds these limits: libvirtd, or virtqemud of the modular daemons (RHEL 9's default); their unit and .conf file") @Default("\"libvirtd\"") LibvirtDaemon daemon,
        @Doc("libvirtd.conf max_workers: RPC worker threads") @Tunable(kind = KnobKind.LIBVIRTD_CONF, key = "max_workers") @Range(min = 1, max = 100000) int maxWorkers,
        @Doc("libvirtd's RLIMIT_NOFILE as its unit sets it (libvirtd.service LimitNOFILE; of SOFT:HARD the soft value)") @Tunable(kind = KnobKind.SYSTEMD, unitFile = "libvirtd.service", key = "LimitNOFILE") @Range(min = 1) long daemonNofile,
        @Doc("the unit's hard RLIMIT_NOFILE where LimitNOFILE is SOFT:HARD (0 = the same as daemonNofile)") @Default("0") @Range(min = 0) long daemonNofileHard,
        @Doc("libvirtd raises its soft RLIMIT_NOFILE to the hard one at start (virProcessActivateMaxFiles), so it runs with daemonNofileHard") @Default("false") boolean raisesSoftNofile,
        @Doc("fds libvirtd holds besides guests") @Range(min = 0) int daemonBaseFds,
        @Doc("fds libvirtd holds per running guest (monitor, agent)") @Range(min = 0) int daemonFdsPerGuest,
        @Doc("fds libvirtd holds only while it starts a guest, from before exec until the monitor is connected (log, handshake pipes, QEMU's /dev/null stdin)") @Range(min = 0) int startTransientFds,
        @Doc("fds libvirtd holds while it starts a guest for each NIC queue it opens and passes to QEMU (tap + /dev/vhost-net)") @Range(min = 0) int startTransientFdsPerNicQueue,
        @Doc("threads of libvirtd itself (main, event loop, workers)") @Range(min = 1) int daemonThreads,
        @Doc("threads libvirtd adds per running guest (the per-domain event loop thread vm-NAME for its monitor)") @Default("0") @Range(min = 0) int daemonThreadsPerGuest,
        @Doc("libvirtd.service TasksMax: tasks in libvirtd's cgroup (0 = no limit)") @Tunable(kind = KnobKind.SYSTEMD, unitFile = "libvirtd.service", key = "TasksMax") @Range(min = 0) long daemonTasksMax,
        @Doc("libvirtd.service LimitNPROC: libvirtd's RLIMIT_NPROC, which QEMU inherits (0 = not set: init's, threads-max / 2)") @Tunable(kind = KnobKind.SYSTEMD, unitFile = "libvirtd.service", key = "LimitNPROC") @Range(min = 0) long daemonNproc,
        @Doc("RLIMIT_NOFILE libvirt gives each QEMU (qemu.conf max_files; 0 = inherit the daemon's)") @Tunable(kind = KnobKind.QEMU_CONF, key = "max_files") @Range(min = 0) long qemuMaxFiles,
        @Doc("RLIMIT_NPROC libvirt gives each QEMU (qemu.conf max_processes; 0 = inherit the daemon's)") @Tunable(kind = KnobKind.QEMU_CONF, key = "max_processes") @Range(min = 0) long qemuMaxProcesses,
        @Doc("QEMU's tasks stay in libvirtd's cgroup and count against its TasksMax (no machined scope)") boolean qemuTasksInDaemonCgroup,
        @Doc("inotify watches the stack sets per file-backed disk, in a root-owned daemon") @Range(min = 0) int inotifyWatchesPerFileDisk,
        @Doc("time libvirtd spends on one define RPC, ms") @Range(min = 0) double defineMs,
        @Doc("time libvirtd spends preparing one start RPC before exec'ing QEMU, ms") @Range(min = 0) double startPrepareMs,
        @Doc("time libvirtd's worker spends on one shutdown RPC (virsh shutdown: asks the guest to power off, through the monitor's system_powerdown or the agent, and returns), ms; the guest's own shutdown follows (stack.qemu.guestShutdownS)") @ReadBySteps("stop") @Range(min = 0) double stopMs,
        @Doc("time libvirtd's worker spends on one destroy RPC (virsh destroy: SIGTERM, polls every 200 ms until QEMU is gone, SIGKILL after 10 s; then the stop's cleanup), ms") @ReadBySteps("destroy") @Range(min = 0) double destroyMs,
        @Doc("time libvirtd's worker spends on one undefine RPC of a shut-off guest, ms") @ReadBySteps("undefine") @Range(min = 0) double undefineMs) {

    /** The RLIMIT_NOFILE libvirtd runs with: the unit's soft limit, or its hard one where the daemon raises the soft limit. */
    public long effectiveNofile() {
        return raisesSoftNofile ? Math.max(daemonNofile, daemonNofileHard) : daemonNofile;
    }
}
