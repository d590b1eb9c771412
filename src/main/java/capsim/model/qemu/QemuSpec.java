package capsim.model.qemu;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;
import capsim.config.ReadBySteps;

/** QEMU of a stack: its version and the per-process and per-device costs of that version. */
@Doc("QEMU: version and per-process / per-device costs")
public record QemuSpec(
        @Doc("QEMU version, e.g. \"2.3\" or \"7.2\"") String version,
        @Doc("fds of a QEMU process before any vCPU or device (stdio, eventfds, signalfd, monitor, /dev/kvm, VM fd)") @Range(min = 0) int baseFds,
        @Doc("fds per vCPU (KVM vCPU fd; +1 stats fd from QEMU 8.1)") @Range(min = 0) int fdsPerVcpu,
        @Doc("fds QEMU opens briefly while it starts on top of all it holds afterwards, its monitor client included (a firmware image or module opened after the disks); they count against RLIMIT_NOFILE once, after the devices") @Range(min = 0) int startTransientFds,
        @Doc("threads of a QEMU process besides vCPUs, iothreads and pool workers (main, call_rcu, monitor iothread)") @Range(min = 1) int baseThreads,
        @Doc("most thread-pool workers per AioContext (aio=threads runs each request on one)") @Range(min = 1) int threadPoolMax,
        @Doc("thread-pool workers the start leaves when disks use aio=threads: each disk's realize reads its first sector through the pool (geometry guess); a worker exits after 10 s idle, or serves the guest's I/O") @Range(min = 0) int startReadWorkers,
        @Doc("resident memory of a QEMU process besides guest RAM and devices, MiB") @Range(min = 0) double overheadMiB,
        @Doc("resident memory per device (virtqueues, buffers, device state), MiB") @Range(min = 0) double overheadMiBPerDevice,
        @Doc("time to exec QEMU and create the VM, ms") @Range(min = 0) double processStartMs,
        @Doc("main loop: select() (fds must stay below FD_SETSIZE) or poll") EventLoop mainLoop,
        @Doc("fds of one virtio-blk disk's image (1 per file in the backing chain)") @Range(min = 0) int diskImageFds,
        @Doc("fds per virtio-blk virtqueue (ioeventfd; + irqfd from QEMU 2.8); all are created when the guest driver starts the disk (DRIVER_OK), none at realize") @Range(min = 0) int fdsPerDiskQueue,
        @Doc("virtio-blk queues follow the vCPU count (QEMU >= 5.2) instead of 1") boolean diskQueuesPerVcpu,
        @Doc("fds per virtio-net queue pair with tap + vhost-net (8 up to 7.0, 10 in 7.1, 11 from 8.0)") @Range(min = 0) int fdsPerNicQueuePair,
        @Doc("fds per virtio-blk device besides its queues (the config-interrupt guest notifier of virtio-pci, 1 from QEMU 8.0; created when the guest driver starts the disk)") @Range(min = 0) int fdsPerDiskDevice,
        @Doc("fds per virtio-net device besides its queue pairs (config irq, 1 from 8.0; created when the guest driver starts the NIC)") @Range(min = 0) int fdsPerNicDevice,
        @Doc("of fdsPerNicQueuePair, the fds vhost_net_start creates when the guest driver starts the NIC (2 kick ioeventfds + 2 call irqfds); the others (tap, /dev/vhost-net, vhost masked/error notifiers) exist from realize") @Range(min = 0) int nicDriverStartFdsPerQueuePair,
        @Doc("fds per virtqueue of a virtio-net running in userspace (vhost-net could not start, or is not used): its ioeventfd, created when the guest driver starts the NIC") @Range(min = 0) int nicFallbackFdsPerVirtqueue,
        @Doc("virtio-net NICs use vhost-net (tap + /dev/vhost-net); false: userspace virtio-net on the tap alone (TCG, or a host without /dev/vhost-net), whose virtqueues get nicFallbackFdsPerVirtqueue each at driver start") @Default("true") boolean nicVhost,
        @Doc("aio=native opens one linux-aio context per disk (QEMU < 2.7) instead of one per AioContext") boolean aioContextPerDisk,
        @Doc("nr_events of each io_setup (MAX_EVENTS: 128 up to QEMU 4.2, 1024 from 5.0)") @Range(min = 1) int aioMaxEvents,
        @Doc("fds per linux-aio context (its completion eventfd)") @Range(min = 0) int fdsPerAioContext,
        @Doc("time to realize one device at start, ms") @Range(min = 0) double deviceRealizeMs,
        @Doc("virtio resets of each device from QEMU start to a booted guest (system reset + the guest driver's probe)") @Range(min = 0) int resetsPerDevice,
        @Doc("what a virtio-blk reset drains: all-block-devices (QEMU 2.1-2.3 regression) or per-aio-context (fix, 2.4)") DrainPolicy drainOnReset,
        @Doc("cost of one aio_poll while draining, ms (calibrated, see docs/seed-findings.md)") @Range(min = 0) double drainPollMs,
        @Doc("guest boot time to a running OS besides device resets, s") @Range(min = 0) double guestBootS,
        @Doc("CPU of QEMU's I/O handling (main loop or iothread) per virtio-blk request, µs: submission and completion") @ReadBySteps({"load", "device-events"}) @Range(min = 0) double blockRequestUs,
        @Doc("CPU of one event-loop iteration besides the events it handles, µs (aio_poll / ppoll entry and exit)") @ReadBySteps("device-events") @Range(min = 0) double loopIterationUs,
        @Doc("CPU an event-loop iteration spends per fd it watches, µs (ppoll scans every fd; epoll does not)") @ReadBySteps("device-events") @Range(min = 0) double loopPerFdUs,
        @Doc("CPUs a booting guest keeps busy, at most 1 (its boot vCPU; less where the boot waits on timers or I/O): the boot's CPU work is guestBootS x this, and stretches when the host's CPUs are busy") @Default("1") @Range(min = 0.000001, max = 1) double guestBootCpu,
        @Doc("guest shutdown time from the power-button request (ACPI or agent) until QEMU exits, s") @ReadBySteps("stop") @Range(min = 0) double guestShutdownS,
        @Doc("memory mappings (VMAs, lines of /proc/PID/maps) of a QEMU process with its base threads, one vCPU and no devices: libraries, heap, stacks") @Range(min = 0) double mappingsBase,
        @Doc("memory mappings each further vCPU adds (its thread's stack and guard, the kvm_run mapping, its arena)") @Range(min = 0) double mappingsPerVcpu,
        @Doc("memory mappings each virtio-pci device adds (allocations above glibc's mmap threshold: virtqueues, buffers)") @Range(min = 0) double mappingsPerDevice,
        @Doc("memory mappings each further thread adds (IOThread, pool worker): its stack and the guard page below it") @Range(min = 0) double mappingsPerThread,
        @Doc("memory mappings per linux-aio context (io_setup maps its completion ring)") @Range(min = 0) double mappingsPerAioContext) {

    /** Virtqueues of a virtio-net device with {@code queuePairs} queue pairs: rx + tx per pair and the control queue. */
    public static long nicVirtqueues(int queuePairs) {
        return 2L * queuePairs + 1;
    }

    /** Queues of one virtio-blk disk for a guest with {@code vcpus} vCPUs. */
    public int diskQueues(int vcpus) {
        return diskQueuesPerVcpu ? vcpus : 1;
    }
}
