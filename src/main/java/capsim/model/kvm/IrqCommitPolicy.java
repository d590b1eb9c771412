package capsim.model.kvm;

/** When QEMU hands its routing table to KVM (KVM_SET_GSI_ROUTING replaces the whole table each time). */
public enum IrqCommitPolicy {
    /** One commit per route added: s390 virtio-ccw before QEMU 2.5; x86 virtio-pci per MSI-X vector still today. */
    PER_ROUTE,
    /** One commit per device, after all its routes: s390 from QEMU 2.5 (c0194a00b0). */
    PER_DEVICE,
    /** Routes of a whole batch of devices written first, one commit at the end (the talk's proposal; KVMRouteChange in 7.0). */
    PER_BATCH
}
