/**
 * The KVM host stack built from resource blocks: host kernel limits, libvirtd, systemd-machined,
 * QEMU processes and their guests. {@code *Spec} records are the model files as bound from JSON;
 * the other types are the runtime objects a run builds from them.
 */
package capsim.model;
