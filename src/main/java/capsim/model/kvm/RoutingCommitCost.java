package capsim.model.kvm;

import capsim.config.Doc;
import capsim.config.Range;

/**
 * What one KVM_SET_GSI_ROUTING costs the host kernel: it allocates a new table (with the irqchip
 * pin array), allocates and sets up every entry, updates every irqfd of the VM, waits one SRCU
 * grace period, and frees the old table.
 */
@Doc("cost of one KVM_SET_GSI_ROUTING call")
public record RoutingCommitCost(
        @Doc("fixed cost of the ioctl: copy-in, table allocation, old-table free, µs") @Range(min = 0) double fixedUs,
        @Doc("per route entry: allocation, setup_routing_entry, hash insert, free of the old one, ns") @Range(min = 0) double perEntryNs,
        @Doc("per irqchip pin: the chip[NR_IRQCHIPS][NUM_PINS] array set to -1, ns") @Range(min = 0) double perPinNs,
        @Doc("per irqfd of the VM: kvm_irq_routing_update walks them all, ns") @Range(min = 0) double perIrqfdNs,
        @Doc("one synchronize_srcu_expedited(&kvm->irq_srcu) grace period, µs") @Range(min = 0) double srcuGracePeriodUs) {
}
