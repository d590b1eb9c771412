package capsim.model.kvm;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** How one virtio transport of a QEMU version uses KVM interrupt routes. */
@Doc("interrupt routes of one virtio transport: how many, and when they are committed")
public record TransportIrqSpec(
        @Doc("when routes are committed to KVM") IrqCommitPolicy commit,
        @Doc("routes per virtqueue (s390 adapter route per queue; x86 MSI route per vector)") @Range(min = 0, max = 64) int routesPerVirtqueue,
        @Doc("routes per device besides its queues (x86 config vector; the s390 payload what-if)") @Range(min = 0, max = 64) int routesPerDevice,
        @Doc("irqfds per virtqueue (vhost or dataplane), walked on every commit") @Range(min = 0, max = 64) int irqfdsPerVirtqueue,
        @Doc("routes the machine holds before any device (x86 PC/Q35 with the in-kernel irqchip: the PIC and IOAPIC pin routes)") @Default("0") @Range(min = 0, max = 4096) int baseRoutes) {

    public long routesFor(int virtqueues) {
        return (long) routesPerVirtqueue * virtqueues + routesPerDevice;
    }
}
