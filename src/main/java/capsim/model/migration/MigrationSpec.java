package capsim.model.migration;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;

/** Live migration as a stack does it: libvirt's port range and QEMU's pre-copy parameters. */
@Doc("live migration: libvirt migration ports, QEMU pre-copy parameters")
public record MigrationSpec(
        @Doc("qemu.conf migration_port_min: first port the destination libvirt hands out") @Tunable(kind = KnobKind.QEMU_CONF, key = "migration_port_min") @Range(min = 1, max = 65535) int portMin,
        @Doc("qemu.conf migration_port_max: last port of the range") @Tunable(kind = KnobKind.QEMU_CONF, key = "migration_port_max") @Range(min = 1, max = 65535) int portMax,
        @Doc("migration speed cap per guest, MiB/s; 0 = unlimited") @Range(min = 0) double maxBandwidthMiBps,
        @Doc("QEMU downtime limit: pre-copy stops when the rest can be sent within it, ms") @Range(min = 1) double downtimeLimitMs,
        @Doc("pre-copy iterations after which the guest is stopped whatever remains (capsim's cut-off for runs that do not converge)") @Range(min = 1, max = 100000) int maxIterations,
        @Doc("setup per migration before RAM is sent (prepare on the destination, QEMU start, connect), ms") @Range(min = 0) double setupMs) {

    public int ports() {
        return Math.max(0, portMax - portMin + 1);
    }
}
