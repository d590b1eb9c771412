package capsim.model.kvm;

import capsim.config.Doc;
import capsim.config.Range;

/** How a QEMU version drives KVM: interrupt routes per transport, hot-plug cost, guest RAM split into memslots. */
@Doc("QEMU's use of KVM: interrupt routes per virtio transport, hot-plug cost, memslot split of guest RAM")
public record QemuKvmSpec(
        @Doc("virtio-ccw (s390x guests)") TransportIrqSpec virtioCcw,
        @Doc("virtio-pci (x86_64 guests)") TransportIrqSpec virtioPci,
        @Doc("QEMU-side cost of adding one route to its own table, µs") @Range(min = 0) double routeAddUs,
        @Doc("device_add of one virtio device: realize, bus plug, guest driver probe (routing excluded), ms") @Range(min = 0) double hotplugDeviceMs,
        @Doc("largest memslot QEMU creates for s390x guest RAM, GiB; 0 = one slot for all RAM") @Range(min = 0) double memslotMaxGiBS390x,
        @Doc("largest memslot QEMU creates for x86_64 guest RAM, GiB; 0 = one slot per RAM region") @Range(min = 0) double memslotMaxGiBX86,
        @Doc("memslots QEMU uses besides guest RAM (ROMs, VGA, flash)") @Range(min = 0) int baseMemslots) {
}
