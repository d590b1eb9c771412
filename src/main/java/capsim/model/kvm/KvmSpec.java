package capsim.model.kvm;

import capsim.config.Doc;
import capsim.config.Range;

/** The host kernel's KVM: interrupt-routing and memory-slot limits, and the cost of a routing commit. */
@Doc("host KVM: irq routing and memslot limits of the host kernel, routing commit cost")
public record KvmSpec(
        @Doc("KVM_MAX_IRQ_ROUTES: GSIs a VM's routing table may use") @Range(min = 1) long maxIrqRoutes,
        @Doc("KVM_IRQCHIP_NUM_PINS: pins per irqchip in every routing table") @Range(min = 0) int irqchipNumPins,
        @Doc("KVM_NR_IRQCHIPS") @Range(min = 0) int nrIrqchips,
        @Doc("KVM_USER_MEM_SLOTS: memory slots userspace may create per address space") @Range(min = 1) int userMemslots,
        @Doc("KVM_MEM_MAX_NR_PAGES: pages one memory slot may hold (the dirty bitmap uses int bit numbers)") @Range(min = 1) long memMaxNrPages,
        @Doc("page size of guest memory slots, bytes") @Range(min = 512) long pageSizeBytes,
        @Doc("cost of one KVM_SET_GSI_ROUTING") RoutingCommitCost routingCommit) {

    /** Largest memory slot in bytes. */
    public long maxSlotBytes() {
        return memMaxNrPages * pageSizeBytes;
    }
}
