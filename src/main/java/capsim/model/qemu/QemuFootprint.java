package capsim.model.qemu;

import capsim.model.common.GuestTemplate;
import capsim.model.common.GuestTemplate.AioMode;
import capsim.model.host.HostSpec;

/**
 * What one QEMU process of a given guest shape takes from the host, derived from the model
 * files: fds (in the order QEMU opens them), threads, linux-aio contexts, malloc arenas, memory
 * and the time its device resets spend draining. Everything is computed from counts in O(1),
 * however many devices the guest has.
 *
 * @param fdsBase         fds before any device: process base, vCPUs, console pty master, shared aio contexts
 * @param fdsPerDiskAtRealize fds of one virtio-blk disk from realize: its image(s) and its own aio context
 * @param fdsPerDiskAtDriverStart fds the guest driver's start adds to one disk: ioeventfd (+ irqfd) per queue
 * @param fdsPerNicAtRealize fds of one virtio-net device from realize: tap, /dev/vhost-net, vhost masked/error notifiers
 * @param fdsPerNicAtDriverStart fds vhost_net_start adds when the guest driver starts the NIC: kick and call eventfds
 * @param fdsPerNicWithoutVhost fds a NIC whose vhost-net could not start takes instead: an ioeventfd per virtqueue
 * @param nicVhost        the NICs use vhost-net (false: userspace virtio-net from the start)
 * @param startTransientFds fds held only while starting, after the devices, on top of all the others
 * @param spawnThreads    threads from exec to a running VM: base threads, vCPUs, IOThreads
 * @param startWorkers    thread-pool workers the disks' realize starts (aio=threads: each reads its first sector)
 * @param ioWorkers       thread-pool workers the guest's I/O keeps busy at its peak
 * @param vhostWorkers    vhost worker tasks (one per queue pair)
 * @param aioContexts     io_setup calls the process makes (aio=native only)
 * @param aioEventsEach   nr_events each io_setup asks for
 * @param arenaLimit      most malloc arenas this process may have (MALLOC_ARENA_MAX or 8 x CPUs)
 * @param residentMiB     host RAM the running guest occupies: touched guest RAM + QEMU + devices
 * @param drainPolls      aio_poll calls the device resets of one boot make
 * @param mappingsFixed   memory mappings of the process with its devices and base threads (vCPUs included)
 * @param mappingsPerThread memory mappings each thread beyond those adds (IOThreads, pool workers)
 * @param threadsInBase   threads {@code mappingsFixed} counts: base threads and vCPUs
 */
public record QemuFootprint(
        long fdsBase, long fdsPerDiskAtRealize, long fdsPerDiskAtDriverStart,
        long fdsPerNicAtRealize, long fdsPerNicAtDriverStart, long fdsPerNicWithoutVhost, boolean nicVhost,
        int disks, int nics, long startTransientFds,
        long spawnThreads, long startWorkers, long ioWorkers, long vhostWorkers,
        long aioContexts, long aioEventsEach,
        int arenaLimit, double heapMaxMiB, double arenaCommitMiB, double threadStackMiB,
        double guestMemoryMiB, double residentMiB, double overheadMiB,
        long drainPolls, double drainPollMs,
        double mappingsFixed, double mappingsPerThread, long threadsInBase) {

    public static QemuFootprint of(HostSpec host, QemuSpec q, GlibcSpec libc, GuestTemplate g) {
        boolean nativeAio = g.aio() == AioMode.NATIVE && g.disks() > 0;
        long contextsInProcess = 1L + g.iothreads();  // the main loop's AioContext plus one per IOThread
        long aioContexts = !nativeAio ? 0 : q.aioContextPerDisk() ? g.disks() : contextsInProcess;
        long sharedAioFds = nativeAio && !q.aioContextPerDisk() ? aioContexts * q.fdsPerAioContext() : 0;
        long ownAioFds = nativeAio && q.aioContextPerDisk() ? q.fdsPerAioContext() : 0;

        long fdsBase = q.baseFds() + (long) g.vcpus() * q.fdsPerVcpu() + (g.console() ? 1 : 0) + sharedAioFds;
        // the image is opened at realize; the queues' ioeventfds/irqfds when the guest driver starts the disk
        long fdsPerDiskAtRealize = q.diskImageFds() + ownAioFds;
        long fdsPerDiskAtDriverStart = (long) q.fdsPerDiskQueue() * q.diskQueues(g.vcpus()) + q.fdsPerDiskDevice();
        // vhost-net: tap, vhost fd and masked/error notifiers from netdev creation; kick/call (and config irq) at vhost_net_start.
        // userspace virtio-net: the taps from netdev creation; an ioeventfd per virtqueue when the driver starts the NIC
        long userspaceQueueFds = q.nicFallbackFdsPerVirtqueue() * QemuSpec.nicVirtqueues(g.nicQueues());
        long nicStartPerPair = q.nicVhost() ? Math.min(q.nicDriverStartFdsPerQueuePair(), q.fdsPerNicQueuePair()) : 0;
        long fdsPerNicAtRealize = (long) (q.fdsPerNicQueuePair() - nicStartPerPair) * g.nicQueues();
        long fdsPerNicAtDriverStart = (q.nicVhost() ? nicStartPerPair * g.nicQueues() : userspaceQueueFds) + q.fdsPerNicDevice();
        // a NIC already in userspace has nothing to fall back to
        long fdsPerNicWithoutVhost = q.nicVhost() ? userspaceQueueFds : 0;

        long spawnThreads = q.baseThreads() + g.vcpus() + g.iothreads();
        boolean threadPoolIo = g.aio() == AioMode.THREADS && g.disks() > 0;
        // the first-sector reads come one after another: the workers they start stay to serve the guest's I/O
        long startWorkers = threadPoolIo ? Math.min(q.startReadWorkers(), q.threadPoolMax()) : 0;
        long ioWorkers = threadPoolIo
                ? Math.min(g.ioDepth(), (long) q.threadPoolMax() * contextsInProcess) : 0;
        long vhostWorkers = q.nicVhost() ? (long) g.nics() * g.nicQueues() : 0;

        double devices = (double) g.disks() + g.nics();
        double overhead = q.overheadMiB() + devices * q.overheadMiBPerDevice();

        // every virtio-blk reset drains; what it polls depends on the policy
        long resets = (long) q.resetsPerDevice() * g.disks();
        long pollsPerReset = q.drainOnReset() == DrainPolicy.ALL_BLOCK_DEVICES ? g.disks() : contextsInProcess;

        // VMAs: the process as measured with one vCPU, each further vCPU, each device, each aio ring
        double mappingsFixed = q.mappingsBase() + q.mappingsPerVcpu() * Math.max(0, g.vcpus() - 1)
                + q.mappingsPerDevice() * devices + q.mappingsPerAioContext() * aioContexts;
        return new QemuFootprint(fdsBase, fdsPerDiskAtRealize, fdsPerDiskAtDriverStart,
                fdsPerNicAtRealize, fdsPerNicAtDriverStart, fdsPerNicWithoutVhost, q.nicVhost(), g.disks(), g.nics(), q.startTransientFds(),
                spawnThreads, startWorkers, ioWorkers, vhostWorkers, aioContexts, q.aioMaxEvents(),
                libc.arenaLimit(host.cpus()), libc.heapMaxMiB(), libc.arenaCommitMiB(), libc.threadStackMiB(),
                g.memoryMiB(), g.residentMiB() + overhead, overhead,
                resets * pollsPerReset, q.drainPollMs(),
                mappingsFixed, q.mappingsPerThread(), q.baseThreads() + (long) g.vcpus());
    }

    /** fds of one virtio-blk disk in a booted guest. */
    public long fdsPerDisk() {
        return fdsPerDiskAtRealize + fdsPerDiskAtDriverStart;
    }

    /** fds of one virtio-net device in a booted guest, vhost-net running. */
    public long fdsPerNic() {
        return fdsPerNicAtRealize + fdsPerNicAtDriverStart;
    }

    /** fds of the realized process before the guest driver starts any device: what a paused QEMU holds. */
    public long fdsAtRealize() {
        return fdsBase + disks * fdsPerDiskAtRealize + nics * fdsPerNicAtRealize;
    }

    /** All fds of the running process once the guest has started every device. */
    public long fdsTotal() {
        return fdsBase + disks * fdsPerDisk() + nics * fdsPerNic();
    }

    /**
     * The most fds the process holds at once: while starting, when the transient ones come on top
     * of the realized devices, or once the guest has started them.
     */
    public long fdsPeak() {
        return Math.max(fdsAtRealize() + startTransientFds, fdsTotal());
    }

    /** Thread-pool workers at the peak I/O load: the start's workers serve the guest's I/O too. */
    public long workers() {
        return Math.max(startWorkers, ioWorkers);
    }

    /** Threads of the running process under its peak I/O load (vhost workers not included). */
    public long threads() {
        return spawnThreads + workers();
    }

    /**
     * Arenas of a process with {@code threads} threads that all allocate: each thread gets an
     * arena of its own until the limit, the main thread using the main (brk) arena.
     */
    public long arenas(long threads) {
        return Math.min(threads, arenaLimit);
    }

    /** Address space of the mmap'd arena heaps (all arenas but the main one). */
    public double arenaAddressSpaceMiB(long threads) {
        return Math.max(0, arenas(threads) - 1) * heapMaxMiB;
    }

    /** Most address space arena heaps can take in one process: (limit - 1) x HEAP_MAX_SIZE. */
    public double arenaAddressSpaceLimitMiB() {
        return Math.max(0, arenaLimit - 1) * heapMaxMiB;
    }

    /**
     * Commit charge of the process with {@code threads} threads under vm.overcommit_memory=2, KiB:
     * guest RAM (a private writable mapping, charged whole), QEMU's own memory, one stack per
     * thread besides the main one, and the writable part of each mmap'd arena heap (kernel-facts §8).
     */
    public long commitKiB(long threads) {
        double mib = guestMemoryMiB + overheadMiB + Math.max(0, threads - 1) * threadStackMiB
                + Math.max(0, arenas(threads) - 1) * arenaCommitMiB;
        return (long) Math.ceil(mib * 1024);
    }

    /** Virtual size of the running process, MiB: guest RAM, QEMU, thread stacks, arena heaps. */
    public double virtualMiB(long threads) {
        return guestMemoryMiB + overheadMiB + Math.max(0, threads - 1) * threadStackMiB + arenaAddressSpaceMiB(threads);
    }

    /**
     * Memory mappings (VMAs) of the process with {@code threads} threads: what vm.max_map_count
     * bounds. The threads beyond the base threads and vCPUs (IOThreads, pool workers) add their
     * stacks; rounded up to whole mappings.
     */
    public long mappings(long threads) {
        return (long) Math.ceil(mappingsFixed + mappingsPerThread * Math.max(0, threads - threadsInBase) - 1e-9);
    }

    /** Time the device resets of one boot spend draining, ns. */
    public double drainNs() {
        return drainPolls * drainPollMs * 1e6;
    }
}
