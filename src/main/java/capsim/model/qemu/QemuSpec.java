package capsim.model.qemu;

import capsim.scenario.json.Doc;
import capsim.scenario.json.Range;

/** QEMU of a stack: its version and the per-process and per-device costs of that version. */
@Doc("QEMU: version and per-process / per-device costs")
public record QemuSpec(
        @Doc("QEMU version, e.g. \"2.3\" or \"7.2\"") String version,
        @Doc("fds of a QEMU process before any vCPU or device (stdio, eventfds, signalfd, monitor, /dev/kvm, VM fd)") @Range(min = 0) int baseFds,
        @Doc("fds per vCPU (KVM vCPU fd; +1 stats fd from QEMU 8.1)") @Range(min = 0) int fdsPerVcpu,
        @Doc("threads of a QEMU process besides vCPUs (main, call_rcu, monitor iothread)") @Range(min = 1) int baseThreads,
        @Doc("resident memory of a QEMU process besides guest RAM, MiB") @Range(min = 0) double overheadMiB,
        @Doc("time to exec QEMU and create the VM, ms") @Range(min = 0) double processStartMs,
        @Doc("fds of one virtio-blk disk's image (1 per file in the backing chain)") @Range(min = 0) int diskImageFds,
        @Doc("fds per virtio-blk virtqueue (ioeventfd; + irqfd from QEMU 2.8)") @Range(min = 0) int fdsPerDiskQueue,
        @Doc("virtio-blk queues follow the vCPU count (QEMU >= 5.2) instead of 1") boolean diskQueuesPerVcpu,
        @Doc("fds per virtio-net queue pair with tap + vhost-net (8 up to 7.0, 10 in 7.1, 11 from 8.0)") @Range(min = 0) int fdsPerNicQueuePair,
        @Doc("fds per virtio-net device besides its queue pairs (config irq, 1 from 8.0)") @Range(min = 0) int fdsPerNicDevice,
        @Doc("time to realize one device at start, ms") @Range(min = 0) double deviceRealizeMs,
        @Doc("guest boot time to a running OS, s") @Range(min = 0) double guestBootS) {

    /** Queues of one virtio-blk disk for a guest with {@code vcpus} vCPUs. */
    public int diskQueues(int vcpus) {
        return diskQueuesPerVcpu ? vcpus : 1;
    }
}
