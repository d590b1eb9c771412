package capsim.model.cpu;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** What one loaded guest does: its vCPUs' CPU, the memory it dirties, its disk and network I/O. */
@Doc("what each loaded guest runs: vCPU utilization or a busy/idle cycle, memory dirtied, block I/O, network packets")
public record LoadProfile(
        @Doc("busy vCPUs of each loaded guest; 0 = all of the guest's vCPUs") @Default("0") @Range(min = 0, max = 4096) int vcpus,
        @Doc("share of one CPU each busy vCPU asks for (1 = a busy loop), when no busy/idle cycle is given") @Default("1") @Range(min = 0, max = 1) double utilization,
        @Doc("a busy/idle cycle instead of a steady utilization: seconds each busy vCPU runs flat out ...") @Default("0") @Range(min = 0) double busyS,
        @Doc("... then seconds it sleeps; each guest starts the cycle at its own (random) phase") @Default("0") @Range(min = 0) double idleS,
        @Doc("memory each loaded guest dirties per second, MiB/s (a migration during the load re-sends it)") @Default("0") @Range(min = 0) double dirtyMiBPerS,
        @Doc("virtio-blk requests each loaded guest completes per second (QEMU's main loop or iothread handles each)") @Default("0") @Range(min = 0) double blockIops,
        @Doc("packets each loaded guest sends and receives per second through vhost-net (its vhost worker handles each)") @Default("0") @Range(min = 0) double netPps) {

    /** Share of the time a busy vCPU asks for CPU. */
    public double dutyCycle() {
        return busyS > 0 || idleS > 0 ? busyS / (busyS + idleS) : utilization;
    }

    /** A busy/idle cycle is given. */
    public boolean cycles() {
        return busyS > 0 && idleS > 0;
    }
}
