package capsim.model.qemu;

import capsim.model.GuestTemplate;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;

/** One QEMU process: its fd table under the RLIMIT_NOFILE libvirt gave it. */
public final class QemuProcess {
    private static final LimitSpec NOFILE = LimitSpec.tunable("qemu.nofile", Scope.PROCESS, Errno.EMFILE,
            "qemu.conf max_files", "stack.libvirt.qemuMaxFiles");

    private final LimitedPool fds;

    public QemuProcess(long nofileLimit, BreakingPointLog log) {
        this.fds = new LimitedPool(NOFILE, nofileLimit, log);
    }

    public LimitedPool fds() {
        return fds;
    }

    /** fds of one virtio-blk disk. */
    public static long fdsPerDisk(QemuSpec q, int vcpus) {
        return q.diskImageFds() + (long) q.fdsPerDiskQueue() * q.diskQueues(vcpus);
    }

    /** fds of one virtio-net device with {@code queuePairs} queue pairs. */
    public static long fdsPerNic(QemuSpec q, int queuePairs) {
        return (long) q.fdsPerNicQueuePair() * queuePairs + q.fdsPerNicDevice();
    }

    /** fds the process needs for a guest of this shape. */
    public static long fdsFor(QemuSpec q, GuestTemplate g) {
        return q.baseFds() + (long) g.vcpus() * q.fdsPerVcpu()
                + g.disks() * fdsPerDisk(q, g.vcpus())
                + g.nics() * fdsPerNic(q, g.nicQueues());
    }

    /** Threads of the process: the base threads plus one per vCPU. */
    public static long threadsFor(QemuSpec q, GuestTemplate g) {
        return q.baseThreads() + g.vcpus();
    }
}
