package capsim.model.kvm;

/** What a hotplug step plugs, for the fds it takes in the guest's QEMU. */
public enum HotplugDevice {
    /** routes only: the device's fds are not modeled */
    GENERIC,
    /** virtio-net with tap + vhost-net: its realize fds at device_add, vhost's when the guest driver starts it */
    VIRTIO_NET,
    /** virtio-blk: its image at device_add, its ioeventfds/irqfds when the guest driver starts it */
    VIRTIO_BLK
}
