package capsim.model.kvm;

/**
 * A hot-plug of virtio devices into one running guest.
 *
 * @param devices             devices to plug, one device_add after the other
 * @param virtqueuesPerDevice virtqueues of each device (virtio-net with one queue pair and a control queue: 3)
 * @param presentDevices      devices of the same shape the guest already has
 * @param batch               devices whose routes are committed together when the stack commits per batch (0 = all)
 * @param deviceSloMs         a device that takes longer to plug is recorded as a breaking point (0 = no SLO)
 */
public record HotplugPlan(int devices, int virtqueuesPerDevice, int presentDevices, int batch, double deviceSloMs) {
}
