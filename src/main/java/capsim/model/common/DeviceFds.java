package capsim.model.common;

import capsim.resource.LimitedPool;

/**
 * The fds a virtio device takes in a guest's QEMU, in its two phases (realize at device_add;
 * what the guest driver's start creates), for parts that plug devices into a running guest
 * without knowing QEMU's footprint.
 */
public interface DeviceFds extends HostComponent {
    /** Device kinds whose fds are modeled. */
    enum Kind { VIRTIO_NET, VIRTIO_BLK }

    /** A fresh fd table of one running guest's QEMU, holding the fds of the guest as it runs. */
    LimitedPool newRunningGuestFdTable(long nowNs);

    /** fds of one device of {@code kind} from realize (device_add). */
    long realizeFds(Kind kind);

    /** fds the guest driver's start adds to one device of {@code kind}. */
    long driverStartFds(Kind kind);

    /** fds a virtio-net whose vhost-net could not start takes instead (its ioeventfds); 0 for others. */
    long fallbackFds(Kind kind);

    /** {@code nics} NICs run in userspace virtio: vhost-net could not start. */
    void vhostFallback(long nics);

    /** {@code devices} devices are notified through QEMU: their ioeventfds could not be created. */
    void ioeventfdFallback(long devices);
}
