package capsim.model;

import capsim.kernel.Activity;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.model.common.GuestTemplate;
import capsim.model.common.GuestTemplate.DiskBacking;
import capsim.model.qemu.QemuFootprint;
import capsim.model.qemu.QemuProcesses;
import capsim.model.qemu.QemuSpec;
import capsim.resource.LimitedPool;
import java.util.function.Supplier;

/**
 * Starting one guest, as libvirt does it:
 * <ol>
 * <li>take an RPC worker and prepare the start;</li>
 * <li>register the guest with systemd-machined (CreateMachine, with the D-Bus call timeout);</li>
 * <li>spawn QEMU: libvirtd holds a few fds of its own for the start from before the exec until
 * the monitor is connected (log, handshake pipes, QEMU's stdin, each NIC queue's tap and vhost
 * fds); QEMU's RLIMIT_NOFILE must pass fs.nr_open; its first threads count against the
 * qemu uid's RLIMIT_NPROC, threads-max and pid_max; its memory against RAM (and the commit
 * limit under strict overcommit);</li>
 * <li>realize the devices in command-line order: the console pty, linux-aio contexts, then each
 * disk's and each NIC's realize-phase fds (images, taps, vhost devices and their masked
 * notifiers; no ioeventfd or irqfd yet) against QEMU's RLIMIT_NOFILE (and FD_SETSIZE with a select() main
 * loop) and fs.file-max; file-backed disks take inotify watches; the disks' first-sector reads
 * start thread-pool workers (aio=threads); after the devices QEMU briefly opens a few more fds
 * (its firmware image), which must fit on top of all the others;</li>
 * <li>libvirtd connects to the monitor and agent (its own fds), gives back the start's transient
 * fds and frees the worker;</li>
 * <li>the guest boots: pool workers appear for its I/O, and every virtio-blk reset drains
 * what the drain policy says, a cost computed from counts; its drivers start the devices, which
 * creates their ioeventfds and irqfds (virtio-blk) and starts vhost-net (kick and call eventfds).
 * These fds failing does not fail the start: as QEMU does, a NIC whose vhost-net cannot start
 * runs in userspace virtio, and a device without ioeventfds is notified through QEMU (both
 * degraded, recorded as breaking points "at guest boot").</li>
 * </ol>
 * A resource that runs out before the boot fails the start with a breaking point and gives back
 * what was taken; a guest that runs keeps its {@link Holdings} until a stop or destroy gives
 * them back.
 * A start sees the host only through its {@link StartContext}.
 */
final class GuestStart extends Activity {
    private static final int TAKE_WORKER = 0, PREPARE = 1, REGISTER = 2, SPAWN = 3, MACHINED_TIMEOUT = 4,
            REALIZE = 5, CONNECT = 6, BOOT = 7, RUNNING = 8, DRAIN = 9;

    private final StartContext sys;
    private final int guest;
    private final EventHandler done;
    private final int doneData;
    private final double latencySloS;
    private final Supplier<String> name = this::who;
    private final Holdings held;
    private boolean holdsWorker;
    private long libvirtdTransientFds;
    private LimitedPool qemuFds;
    private LimitedPool selectSet;
    private LimitedPool[] fdPools;   // qemuFds, selectSet if any, fs.file-max
    private LimitedPool lastBinding;
    private LimitedPool qemuMaps;
    private long requestedNs;
    private long workerGrantedNs;
    private long registerNs;
    private long registeredNs;
    private long drainNs;

    /** This guest's shape and what its QEMU takes (a mix has several). */
    private final GuestTemplate template;
    private final QemuFootprint footprint;

    GuestStart(Simulation sim, StartContext sys, int guest, GuestTemplate template, QemuFootprint footprint,
               double latencySloS, EventHandler done, int doneData) {
        super(sim);
        this.template = template;
        this.footprint = footprint;
        this.sys = sys;
        this.guest = guest;
        this.held = new Holdings(guest);
        this.latencySloS = latencySloS;
        this.done = done;
        this.doneData = doneData;
    }

    @Override
    protected void resume(int step) {
        switch (step) {
            case TAKE_WORKER -> {
                requestedNs = sim.now();
                sys.requested(guest);
                sys.libvirtd().workers().acquire(this, PREPARE);
            }
            case PREPARE -> {
                holdsWorker = true;
                workerGrantedNs = sim.now();
                sys.cpus().libvirtd().run(sys.prepareNs(), this, REGISTER);
            }
            case REGISTER -> {
                registerNs = sim.now();
                sys.machined().createMachine(this, SPAWN, MACHINED_TIMEOUT);
            }
            case MACHINED_TIMEOUT -> {
                sys.machinedTimeout(who(), sim.now() - registerNs);
                fail();
            }
            case SPAWN -> {
                registeredNs = sim.now();
                if (!takeLibvirtdTransientFds() || !spawn()) {
                    fail();
                    return;
                }
                sys.cpus().qemu().run(Math.round(sys.qemu().spec().processStartMs() * Simulation.NS_PER_MS), this, REALIZE);
            }
            case REALIZE -> {
                if (!realize()) {
                    fail();
                    return;
                }
                QemuSpec q = sys.qemu().spec();
                double devices = (double) footprint.disks() + footprint.nics();
                sys.cpus().qemu().run(Math.round(devices * q.deviceRealizeMs() * Simulation.NS_PER_MS), this, CONNECT);
            }
            case CONNECT -> {
                if (!held.takeAll(sim.now(), "", sys.libvirtd().spec().daemonFdsPerGuest(), sys.libvirtd().fds())) {
                    fail();
                    return;
                }
                // libvirt's per-domain event loop thread for the monitor: a task of libvirtd's cgroup and of the host
                long eventThreads = sys.libvirtd().spec().daemonThreadsPerGuest();
                if (eventThreads > 0 && !held.takeAll(sim.now(), "/libvirtd event thread", eventThreads,
                        sys.libvirtd().tasks(), sys.host().threads(), sys.host().pids())) {
                    fail();
                    return;
                }
                releaseLibvirtdTransientFds();
                releaseWorker();
                // the monitor is up and the vCPUs run: virsh start returns here, before the guest has booted
                sys.returned(guest);
                if (!startIoWorkers()) {
                    fail();
                    return;
                }
                drainNs = Math.round(footprint.drainNs());
                // the boot keeps a vCPU busy (its share of one CPU: stack.qemu.guestBootCpu); alone it takes the drawn boot time
                var boot = sys.cpus().boot();
                boot.run(sys.bootNs() * boot.maxCpus(), this, drainNs > 0 ? DRAIN : BOOT);
            }
            case DRAIN -> sys.cpus().qemu().run(drainNs, this, BOOT);
            case BOOT -> {
                if (!startDevices()) {
                    fail();
                    return;
                }
                sys.running(guest, qemuFds, held);
                checkLatency();
                done.onEvent(doneData);
            }
            default -> throw new IllegalStateException("step " + step);
        }
    }

    /** Exec'ing QEMU under its limits: rlimits, first threads, memory. */
    private boolean spawn() {
        long now = sim.now();
        QemuFootprint f = footprint;
        var host = sys.host();
        // setrlimit(RLIMIT_NOFILE) above fs.nr_open fails before QEMU runs
        long nofile = sys.libvirtd().qemuNofileLimit();
        if (!held.takeAndGiveBack(now, "/qemu setrlimit", nofile, host.nrOpen())) return false;

        // KVM_SET_USER_MEMORY_REGION for the guest's RAM as QEMU splits it into memslots
        if (!sys.kvm().admitGuestMemory(now, name, template.memoryMiB())) return false;
        // refused here, the process would still start its workers and (as its own tasks or as kernel threads) its vhost workers
        boolean vhostInQemu = host.spec().vhostWorkersInQemu();
        // libvirtd's event thread for this guest comes at connect: a task of the host too, for the suggestion when refused
        long eventThreads = sys.libvirtd().spec().daemonThreadsPerGuest();
        if (!takeTasks("/qemu", f.spawnThreads(), f.workers() + (vhostInQemu ? f.vhostWorkers() : 0))) {
            LimitedPool refused = held.lastRefused();
            if (refused == host.threads() || refused == host.pids()) held.addRefusedDemand(refused, (vhostInQemu ? 0 : f.vhostWorkers()) + eventThreads);
            return false;
        }
        if (!held.takeAll(now, "/qemu", (long) Math.ceil(f.residentMiB()), host.memoryMiB())) return false;
        long commitAtSpawn = f.commitKiB(f.spawnThreads());
        if (host.commitKiB() != null
                && !held.takeAll(now, "/qemu", commitAtSpawn, f.commitKiB(f.threads()) - commitAtSpawn, host.commitKiB())) {
            return false;
        }
        // vhost workers: root kernel threads, or tasks of QEMU itself on kernels with vhost_task
        String vhost = "/vhost";
        if (vhostInQemu) return takeTasks(vhost, f.vhostWorkers(), f.workers());
        return held.takeAll(now, vhost, f.vhostWorkers(), f.workers() + eventThreads, host.threads(), host.pids());
    }

    /**
     * New tasks of the QEMU process: its uid's RLIMIT_NPROC, the cgroup it is in, threads-max,
     * pid_max. {@code later} tasks would follow in later stages (for the suggestion when refused).
     */
    private boolean takeTasks(String what, long n, long later) {
        var host = sys.host();
        if (sys.libvirtd().spec().qemuTasksInDaemonCgroup()) {
            return held.takeAll(sim.now(), what, n, later, sys.qemu().userTasks(), sys.libvirtd().tasks(), host.threads(), host.pids());
        }
        return held.takeAll(sim.now(), what, n, later, sys.qemu().userTasks(), host.threads(), host.pids());
    }

    /** Chardevs and devices in command-line order; each device's fds must fit. */
    private boolean realize() {
        long now = sim.now();
        QemuFootprint f = footprint;
        GuestTemplate g = template;
        var host = sys.host();
        if (g.console() && !held.takeAll(now, "/console", 1, host.ptys())) return false;
        if (g.diskBacking() == DiskBacking.FILE) {
            long watches = (long) g.disks() * sys.libvirtd().spec().inotifyWatchesPerFileDisk();
            if (!held.takeAll(now, "/disks", watches, host.inotifyWatches())) return false;
        }
        long aioCharge = host.spec().aioCharging().charge(f.aioEventsEach(), host.spec().possibleCpus());
        if (takeEach(f.aioContexts(), aioCharge, "io_setup", host.aioEvents()) < f.aioContexts()) return false;

        qemuFds = sys.qemu().newFdTable();
        selectSet = sys.qemu().newSelectSet();
        LimitedPool[] fdPools = fdPools();
        boolean ok = held.takeAll(now, "/qemu", f.fdsBase(), fdPools)
                && takeEach(f.disks(), f.fdsPerDiskAtRealize(), "virtio-blk", fdPools) == f.disks()
                && takeEach(f.nics(), f.fdsPerNicAtRealize(), "virtio-net", fdPools) == f.nics()
                && startWorkers()
                && transientFds(host.files());
        // the suggestion is what the whole process needs at its peak, not the one device that did not fit
        if (qemuFds.failures() > 0) sys.log().suggestAtLeast(QemuProcesses.NOFILE.resource(), f.fdsPeak());
        if (!ok) {
            held.wholeDemand(host.files(), f.fdsPeak());   // refused there, the process would have opened all its fds
            return false;
        }
        // the realized process's memory mappings: its libraries and threads, each device, each aio ring
        qemuMaps = sys.qemu().newMapTable();
        return mapMore(f.mappings(f.spawnThreads() + f.startWorkers()));
    }

    /**
     * libvirtd's own fds for this start, taken before it execs QEMU (the log, the handshake pipes,
     * QEMU's /dev/null stdin, each NIC queue's tap and vhost fds it passes on) and given back once
     * the monitor is connected.
     */
    private boolean takeLibvirtdTransientFds() {
        var spec = sys.libvirtd().spec();
        long n = spec.startTransientFds() + (long) spec.startTransientFdsPerNicQueue() * template.nics() * template.nicQueues();
        if (n == 0) return true;
        LimitedPool fds = sys.libvirtd().fds();
        if (!fds.fits(n)) {
            // the refused start would have kept only its monitor and agent fds
            fds.failTransient(sim.now(), who() + "/libvirtd start (transient fds)", n, spec.daemonFdsPerGuest());
            held.refusedBy(fds, Math.min(n, spec.daemonFdsPerGuest()));
            return false;
        }
        fds.take(sim.now(), n);
        libvirtdTransientFds = n;
        return true;
    }

    private void releaseLibvirtdTransientFds() {
        if (libvirtdTransientFds == 0) return;
        sys.libvirtd().fds().release(sim.now(), libvirtdTransientFds);
        libvirtdTransientFds = 0;
    }

    /**
     * The guest's drivers start its devices (DRIVER_OK): each disk's ioeventfds and irqfds, each
     * NIC's vhost kick and call eventfds. What does not fit under RLIMIT_NOFILE or fs.file-max
     * degrades the device instead of failing the start, as QEMU does: a NIC whose vhost_net_start
     * fails runs in userspace virtio (and takes an ioeventfd per virtqueue instead, if those fit);
     * a device without ioeventfds is notified through QEMU. Each device is started whole or not at
     * all (QEMU rolls back the notifiers of a device that fails half-way). With a select() main
     * loop an fd numbered FD_SETSIZE or above cannot be watched: that fails the guest at boot.
     * O(pools), not O(devices). Returns false when the guest fails.
     */
    private boolean startDevices() {
        if (qemuFds == null) return true;
        QemuFootprint f = footprint;
        LimitedPool[] fdPools = fdPools();
        long failuresBefore = qemuFds.failures();
        try {
            long disksWithout = f.disks() - takeEach(f.disks(), f.fdsPerDiskAtDriverStart(), "virtio-blk",
                    " at guest boot: no ioeventfd/irqfd, notified through QEMU (slower)", fdPools);
            if (selectSetBound()) return false;
            long nicsFailed = f.nics() - takeEach(f.nics(), f.fdsPerNicAtDriverStart(), "virtio-net", f.nicVhost()
                    ? " at guest boot: vhost-net cannot start, falls back on userspace virtio"
                    : " at guest boot: no ioeventfd, notified through QEMU (slower)", fdPools);
            if (selectSetBound()) return false;
            // a vhost NIC that failed tries userspace virtio with its own ioeventfds; a userspace NIC has no further step
            long nicsWithout = !f.nicVhost() ? nicsFailed : nicsFailed - takeEach(nicsFailed, f.fdsPerNicWithoutVhost(), "virtio-net (userspace)",
                    " at guest boot: no ioeventfd either, notified through QEMU (slower)", fdPools);
            if (selectSetBound()) return false;
            if (f.nicVhost()) sys.qemu().vhostFallback(nicsFailed);
            sys.qemu().ioeventfdFallback(disksWithout + nicsWithout);
            return true;
        } finally {
            if (qemuFds.failures() > failuresBefore) sys.log().suggestAtLeast(QemuProcesses.NOFILE.resource(), f.fdsPeak());
        }
    }

    /** The last {@link #takeEach} was cut short by select()'s fd set: QEMU cannot watch the new fd. */
    private boolean selectSetBound() {
        return selectSet != null && lastBinding == selectSet;
    }

    /** The pools each QEMU fd counts against: its RLIMIT_NOFILE, select()'s fd set if it uses select(), fs.file-max. */
    private LimitedPool[] fdPools() {
        if (fdPools == null) {
            fdPools = selectSet != null
                    ? new LimitedPool[] {qemuFds, selectSet, sys.host().files()}
                    : new LimitedPool[] {qemuFds, sys.host().files()};
        }
        return fdPools;
    }

    /**
     * The fds QEMU opens and closes again after its devices (a firmware image, a module), while
     * it holds all of the others: they must fit once, and are given back at once.
     */
    private boolean transientFds(LimitedPool systemFiles) {
        long n = footprint.startTransientFds();
        long now = sim.now();
        return held.takeAndGiveBack(now, "/qemu start (transient fd)", n, qemuFds, systemFiles);
    }

    /** The disks' first-sector reads start thread-pool workers: new threads, their stacks and arenas. */
    private boolean startWorkers() {
        QemuFootprint f = footprint;
        return moreThreads("/qemu start workers", f.spawnThreads(), f.spawnThreads() + f.startWorkers(), f.threads());
    }

    /**
     * Takes {@code per} units for each of {@code count} objects, in order, from all pools; on a
     * shortfall the object that did not fit records the breaking point. O(pools), not O(count).
     * Returns how many fitted.
     */
    private long takeEach(long count, long per, String kind, LimitedPool... pools) {
        return takeEach(count, per, kind, "", pools);
    }

    /** As {@link #takeEach(long, long, String, LimitedPool...)}; {@code when} ends the subject of the breaking point. */
    private long takeEach(long count, long per, String kind, String when, LimitedPool... pools) {
        lastBinding = null;
        if (count == 0 || per == 0) return count;
        long fit = count;
        LimitedPool binding = null;
        for (LimitedPool p : pools) {
            long f = p.available() / per;
            if (f < fit) {
                fit = f;
                binding = p;
            }
        }
        long now = sim.now();
        for (LimitedPool p : pools) {
            p.take(now, fit * per);
            held.add(p, fit * per);
        }
        if (binding != null) {
            // the objects after the refused one would have been asked for too; what fitted is given back on the failure
            String at = binding == selectSet && !when.isEmpty() ? " at guest boot: its fd is FD_SETSIZE or above, select() cannot watch it" : when;
            binding.fail(now, who() + "/qemu " + kind + " #" + (fit + 1) + " of " + count + at, per);
            binding.addRefusedDemand((count - fit - 1) * per);
            held.refusedBy(binding, (count - fit) * per);
        }
        lastBinding = binding;
        return fit;
    }

    /** The guest's I/O starts the pool workers the start did not: new threads, new arenas, their stacks. */
    private boolean startIoWorkers() {
        QemuFootprint f = footprint;
        return moreThreads("/qemu workers", f.spawnThreads() + f.startWorkers(), f.threads(), f.threads())
                && mapMore(f.mappings(f.threads()) - qemuMaps.used());
    }

    /**
     * {@code n} more memory mappings of this QEMU against vm.max_map_count; on a refusal the
     * suggestion is what the process maps at its peak.
     */
    private boolean mapMore(long n) {
        if (qemuMaps.fits(n)) {
            qemuMaps.take(sim.now(), n);
            return true;
        }
        qemuMaps.fail(sim.now(), who() + "/qemu mmap", n);
        QemuFootprint f = footprint;
        sys.log().suggestAtLeast(QemuProcesses.MAP_COUNT.resource(), f.mappings(f.threads()));
        return false;
    }

    /**
     * Grows the process from {@code from} to {@code to} threads: the new tasks and, under strict
     * overcommit, their stacks and arenas; {@code peak} threads come in the end (for the suggestion).
     */
    private boolean moreThreads(String what, long from, long to, long peak) {
        if (to <= from) return true;
        QemuFootprint f = footprint;
        if (!takeTasks(what, to - from, peak - to)) return false;
        var commit = sys.host().commitKiB();
        return commit == null
                || held.takeAll(sim.now(), what, f.commitKiB(to) - f.commitKiB(from), f.commitKiB(peak) - f.commitKiB(to), commit);
    }

    private void releaseWorker() {
        if (!holdsWorker) return;
        holdsWorker = false;
        sys.libvirtd().workers().release();
    }

    private void fail() {
        releaseLibvirtdTransientFds();
        releaseWorker();
        sys.failed(guest, held.releaseAll(sim.now()));
        done.onEvent(doneData);
    }

    /** A start slower than the step's SLO is a breaking point named after what took the time. */
    private void checkLatency() {
        if (latencySloS <= 0) return;
        long latency = sim.now() - requestedNs;
        if (latency <= latencySloS * Simulation.NS_PER_S) return;
        long workerWait = workerGrantedNs - requestedNs;
        long machinedWait = registeredNs - registerNs;
        sys.slowStart(who(), latency, (long) (latencySloS * Simulation.NS_PER_S), workerWait, machinedWait, drainNs);
    }

    /** The guest's name, built only where a breaking point or a slow start needs it: most starts never do. */
    private String who() {
        return guestName(guest);
    }

    static String guestName(int g) {
        // String.format costs a microsecond, and every start names its guest
        String n = Integer.toString(g + 1);
        return n.length() >= 5 ? "guest-" + n : "guest-" + "00000".substring(n.length()) + n;
    }
}
