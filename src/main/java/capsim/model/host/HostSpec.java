package capsim.model.host;

import capsim.model.common.Arch;
import capsim.measure.Unit;
import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.model.dump.DumpHardwareSpec;
import capsim.model.kvm.KvmSpec;
import capsim.model.net.HostNetSpec;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** A host profile: hardware, kernel version and limits (models/hosts/*.json). */
@Doc("a KVM host: hardware, kernel and its limits")
public record HostSpec(
        @Doc("profile name") String name,
        @Doc("what this host is") @Default("\"\"") String description,
        @Doc("architecture") Arch arch,
        @Doc("online CPUs (hardware threads)") @Tunable(kind = KnobKind.HARDWARE, key = "host CPUs", unit = Unit.COUNT) @Range(min = 1, max = 65536) int cpus,
        @Doc("possible CPUs (kernel's num_possible_cpus), for per-CPU sizing") @Range(min = 1, max = 65536) int possibleCpus,
        @Doc("how the CPUs serve threads: SMT, entitlement, background load, cgroup weights") @Default("{}") CpuSpec cpu,
        @Doc("RAM in GiB") @Tunable(kind = KnobKind.HARDWARE, key = "host RAM", unit = Unit.GIB) @Range(min = 0.001) double ramGiB,
        @Doc("swap in GiB") @Range(min = 0) double swapGiB,
        @Doc("RAM the host OS keeps for itself, GiB") @Range(min = 0) double hostReservedGiB,
        @Doc("kernel version, e.g. \"4.1\" or \"6.1.0\"") String kernel,
        @Doc("how io_setup is charged against fs.aio-max-nr: requested events, or max(events, 4 x possible CPUs) on ~3.13-4.11 kernels") AioCharging aioCharging,
        @Doc("vhost workers are tasks of the QEMU process and its uid (vhost_task, kernel >= ~6.4) instead of root kernel threads") boolean vhostWorkersInQemu,
        @Doc("tasks (processes and threads) of the host before any guest: kernel threads and daemons") @Range(min = 0) long baseTasks,
        @Doc("ptys the host's own sessions hold (ssh logins, screen)") @Range(min = 0) long hostPtys,
        @Doc("kernel limits") SysctlSpec sysctl,
        @Doc("host networking: uplink driver, bridges, IPv6 routes, neighbour tables, migration link") HostNetSpec net,
        @Doc("the host kernel's KVM limits and routing commit cost") KvmSpec kvm,
        @Doc("bandwidths of a host crash dump") DumpHardwareSpec dump) {


    /** init's RLIMIT_NPROC, which services inherit unless their unit sets one: threads-max / 2 (kernel/fork.c fork_init). */
    public long initNproc() {
        return Math.max(1, sysctl.threadsMax() / 2);
    }
}
