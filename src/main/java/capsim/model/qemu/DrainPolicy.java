package capsim.model.qemu;

/**
 * What a virtio-blk reset drains. QEMU 2.1 to 2.3 called bdrv_drain_all() on every reset and it
 * polled once per block device (regression 9b536adc); QEMU 2.4 drains only the reset device and
 * polls each AioContext once (6e40b3bfc7, f406c03c09; userspace-facts §3).
 */
public enum DrainPolicy {
    /** one aio_poll per block device of the guest on every reset: O(n) per reset, O(n^2) per boot */
    ALL_BLOCK_DEVICES,
    /** one aio_poll per AioContext on every reset: O(1) per reset */
    PER_AIO_CONTEXT
}
