package capsim.model.host;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;
import capsim.config.ReadBySteps;

/**
 * How the host's CPUs serve threads: SMT, the share of shared CPUs this host may use, load from
 * work capsim does not model, and how runnable threads are weighted (cgroups or flat).
 */
@Doc("the host's CPUs as the scheduler shares them among runnable threads")
public record CpuSpec(
        @Doc("hardware threads per core (SMT); host.cpus counts hardware threads") @Default("1") @Range(min = 1, max = 8) int threadsPerCore,
        @Doc("throughput of one core with all its hardware threads busy, relative to one thread alone on it (SMT yield); 1 with threadsPerCore 1") @Default("1") @Range(min = 1, max = 8) double smtYield,
        @Doc("share of host.cpus this host may use when its CPUs are shared with other partitions and all are busy (an LPAR's entitlement from its PR/SM weight); 1 = dedicated CPUs") @Default("1") @Range(min = 0.001, max = 1) double entitlement,
        @Doc("CPUs' worth of load from work capsim does not model (other daemons, other tenants), taken off the capacity") @Default("0") @Range(min = 0) double backgroundCpus,
        @Doc("how runnable threads are weighted: flat (each thread the same weight: no cpu controller in the guests' cgroups) or cgroups (system.slice and machine.slice by their CPUWeight, each guest's scope the same weight whatever its vCPUs, its busy threads sharing it)") @Default("\"cgroups\"") CpuSharing sharing,
        @Doc("cpu.weight of system.slice (libvirtd, machined) against machine.slice, with sharing = cgroups") @Default("100") @Range(min = 1, max = 10000) double systemSliceWeight,
        @Doc("cpu.weight of machine.slice (the guests) against system.slice, with sharing = cgroups") @Default("100") @Range(min = 1, max = 10000) double machineSliceWeight,
        @Doc("cpu.weight of each guest's scope within machine.slice (libvirt <cputune><shares>), with sharing = cgroups") @Default("100") @Range(min = 1, max = 10000) double guestWeight,
        @Doc("CPU to wake a sleeping thread and switch to it, µs (half a perf bench sched pipe round trip)") @ReadBySteps("device-events") @Range(min = 0) double wakeupUs,
        @Doc("CPU of a vhost-net worker per packet it moves, µs") @ReadBySteps("load") @Range(min = 0) double vhostPacketUs) {

    /** How runnable threads are weighted against each other. */
    public enum CpuSharing {
        /** every runnable thread weighs the same (no cpu controller below the root) */
        FLAT,
        /** slices by their weights, each guest scope by its weight, threads inside a scope equally */
        CGROUPS
    }

    /**
     * CPUs' worth of service the threads share: the cores at their SMT yield, the entitlement of
     * a shared partition, less the background load (at least a thousandth of a CPU).
     */
    public double capacity(int onlineCpus) {
        double cores = (double) onlineCpus / threadsPerCore;
        double perCore = threadsPerCore > 1 ? smtYield : 1;
        return Math.max(0.001, cores * perCore * entitlement - backgroundCpus);
    }
}
