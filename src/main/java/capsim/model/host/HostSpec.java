package capsim.model.host;

import capsim.model.dump.DumpHardwareSpec;
import capsim.model.kvm.KvmSpec;
import capsim.model.net.HostNetSpec;
import capsim.scenario.json.Default;
import capsim.scenario.json.Doc;
import capsim.scenario.json.Range;

/** A host profile: hardware, kernel version and limits (models/hosts/*.json). */
@Doc("a KVM host: hardware, kernel and its limits")
public record HostSpec(
        @Doc("profile name") String name,
        @Doc("what this host is") @Default("\"\"") String description,
        @Doc("architecture") Arch arch,
        @Doc("online CPUs") @Range(min = 1, max = 65536) int cpus,
        @Doc("possible CPUs (kernel's num_possible_cpus), for per-CPU sizing") @Range(min = 1, max = 65536) int possibleCpus,
        @Doc("RAM in GiB") @Range(min = 0.001) double ramGiB,
        @Doc("swap in GiB") @Range(min = 0) double swapGiB,
        @Doc("RAM the host OS keeps for itself, GiB") @Range(min = 0) double hostReservedGiB,
        @Doc("kernel version, e.g. \"4.1\" or \"6.1.0\"") String kernel,
        @Doc("kernel limits") SysctlSpec sysctl,
        @Doc("RLIMIT_NPROC of the uid QEMU runs as (tasks of that uid, threads included)") @Range(min = 1) long qemuUserNproc,
        @Doc("host networking: uplink driver, bridges, IPv6 routes, neighbour tables, migration link") HostNetSpec net,
        @Doc("the host kernel's KVM limits and routing commit cost") KvmSpec kvm,
        @Doc("bandwidths of a host crash dump") DumpHardwareSpec dump) {
}
