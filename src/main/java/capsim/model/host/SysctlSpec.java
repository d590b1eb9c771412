package capsim.model.host;

import capsim.measure.Unit;
import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** The system-wide kernel limits a host profile states (values as on the host, each with a source). */
@Doc("system-wide kernel limits (sysctls) of the host")
public record SysctlSpec(
        @Doc("fs.file-max: open files system-wide (ENFILE)") @Tunable(kind = KnobKind.SYSCTL, key = "fs.file-max") @Range(min = 1) long fileMax,
        @Doc("fs.nr_open: ceiling for any RLIMIT_NOFILE (setrlimit above it fails EPERM)") @Tunable(kind = KnobKind.SYSCTL, key = "fs.nr_open") @Range(min = 1) long nrOpen,
        @Doc("fs.aio-max-nr: linux-aio events system-wide (io_setup fails EAGAIN)") @Tunable(kind = KnobKind.SYSCTL, key = "fs.aio-max-nr") @Range(min = 0) long aioMaxNr,
        @Doc("fs.inotify.max_user_watches per uid (ENOSPC)") @Tunable(kind = KnobKind.SYSCTL, key = "fs.inotify.max_user_watches") @Range(min = 0) long inotifyMaxUserWatches,
        @Doc("fs.inotify.max_user_instances per uid (EMFILE)") @Tunable(kind = KnobKind.SYSCTL, key = "fs.inotify.max_user_instances") @Range(min = 0) long inotifyMaxUserInstances,
        @Doc("kernel.pid_max: pids (threads included) system-wide (EAGAIN)") @Tunable(kind = KnobKind.SYSCTL, key = "kernel.pid_max") @Range(min = 301) long pidMax,
        @Doc("kernel.threads-max: tasks system-wide (EAGAIN)") @Tunable(kind = KnobKind.SYSCTL, key = "kernel.threads-max") @Range(min = 20) long threadsMax,
        @Doc("kernel.pty.max: Unix98 ptys system-wide") @Tunable(kind = KnobKind.SYSCTL, key = "kernel.pty.max") @Range(min = 0) long ptyMax,
        @Doc("kernel.pty.reserve: ptys kept for the initial devpts instance") @Tunable(kind = KnobKind.SYSCTL, key = "kernel.pty.reserve") @Range(min = 0) long ptyReserve,
        @Doc("vm.overcommit_memory: 0 heuristic, 1 always, 2 strict (commit limit)") @Tunable(kind = KnobKind.SYSCTL, key = "vm.overcommit_memory") @Range(min = 0, max = 2) int overcommitMemory,
        @Doc("vm.overcommit_ratio in percent, used when overcommit_memory = 2") @Tunable(kind = KnobKind.SYSCTL, key = "vm.overcommit_ratio") @Range(min = 0, max = 100000) int overcommitRatio,
        @Doc("vm.overcommit_kbytes: when > 0 it replaces the ratio in the commit limit (KiB)") @Tunable(kind = KnobKind.SYSCTL, key = "vm.overcommit_kbytes", unit = Unit.KIB) @Default("0") @Range(min = 0) long overcommitKbytes,
        @Doc("vm.max_map_count: memory mappings (VMAs) one process may have; mmap fails ENOMEM beyond it") @Tunable(kind = KnobKind.SYSCTL, key = "vm.max_map_count") @Range(min = 0) long maxMapCount) {
}
