package capsim.model.common;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** What each guest of the experiment looks like. */
@Doc("the guest every step creates")
public record GuestTemplate(
        @Doc("a libvirt domain XML (virsh dumpxml) to read the guest's memory, vCPUs, virtio disks and NICs, IOThreads and pty console from, relative to the experiment file (else the working directory); the keys given beside it override what it says, those it does not say keep their defaults") @Default("\"\"") String domainXml,
        @Doc("guest RAM as configured, MiB") @Default("1024") @Range(min = 1, max = 1.6e9) double memoryMiB,
        @Doc("guest RAM the guest actually touches (resident on the host), MiB; 0 = all of memoryMiB") @Default("0") @Range(min = 0, max = 1.6e9) double touchedMiB,
        @Doc("vCPUs") @Default("2") @Range(min = 1, max = 4096) int vcpus,
        @Doc("virtio-blk disks") @Default("1") @Range(min = 0, max = 1000000) int disks,
        @Doc("what backs each disk: an image file on the host or a block device") @Default("\"file\"") DiskBacking diskBacking,
        @Doc("disk I/O mode: threads (QEMU's thread pool) or native (linux-aio, io_setup)") @Default("\"threads\"") AioMode aio,
        @Doc("requests the guest keeps in flight at its busiest (aio=threads runs each on a pool worker)") @Default("1") @Range(min = 0, max = 1000000) int ioDepth,
        @Doc("IOThreads (-object iothread), each an AioContext of its own") @Default("0") @Range(min = 0, max = 4096) int iothreads,
        @Doc("virtio-net devices (tap + vhost-net)") @Default("1") @Range(min = 0, max = 1000000) int nics,
        @Doc("queue pairs per virtio-net device") @Default("1") @Range(min = 1, max = 1024) int nicQueues,
        @Doc("give each guest a pty console") @Default("true") boolean console) {

    /** What backs a virtio-blk disk. */
    public enum DiskBacking {
        FILE, BLOCK
    }

    /** QEMU's aio= setting for the guest's disks. */
    public enum AioMode {
        THREADS, NATIVE
    }

    /** Host RAM the guest occupies: what it touched, capped by what it has. */
    public double residentMiB() {
        return touchedMiB > 0 ? Math.min(touchedMiB, memoryMiB) : memoryMiB;
    }
}
