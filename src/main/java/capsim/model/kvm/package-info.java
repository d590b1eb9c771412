/** KVM and how QEMU drives it: irq routing ({@code GsiRoutingTable}), memslots, and the {@code hotplug} step kind. Imports {@code model.common}. */
package capsim.model.kvm;
