package capsim.model;

import capsim.model.common.GuestTemplate;
import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentPaths;
import capsim.model.host.HostSpec;
import capsim.model.libvirt.LibvirtSpec;
import capsim.model.qemu.GlibcSpec;
import capsim.model.qemu.QemuSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * One test per seed finding F5-F16 (F8 and F14 have their own classes): where the wall stands is
 * computed here from the model files with the mechanism's own formula, and the simulation must
 * hit it there; raising the knob must move it exactly as the formula says.
 */
class GuestWallsTest {

    /** fds of a realized QEMU before its NICs, written out from the model (userspace §1, §12): no queue fds yet. */
    private static long fdsBeforeNics(Experiment e) {
        QemuSpec q = e.stack().qemu();
        GuestTemplate g = e.guest();
        return q.baseFds() + (long) g.vcpus() * q.fdsPerVcpu() + (g.console() ? 1 : 0)
                + (long) g.disks() * q.diskImageFds();
    }

    /** fds the guest driver's start adds to the disks: ioeventfd (+ irqfd) per queue (userspace §12). */
    private static long diskFdsAtBoot(Experiment e) {
        QemuSpec q = e.stack().qemu();
        return (long) e.guest().disks() * q.fdsPerDiskQueue() * (q.diskQueuesPerVcpu() ? e.guest().vcpus() : 1);
    }

    private static long qemuNofile(Experiment e) {
        LibvirtSpec l = e.stack().libvirt();
        return l.qemuMaxFiles() > 0 ? l.qemuMaxFiles() : l.daemonNofile();
    }

    @Test
    void f06LibvirtdRunsOutFirstThenQemuAtRealizeWhereTheFdFormulaSays() {
        String file = "experiments/f06-virtio-net-fds.json";
        Experiment e = Runs.load(file);
        QemuSpec q = e.stack().qemu();
        LibvirtSpec l = e.stack().libvirt();
        int nics = e.guest().nics();

        // libvirtd opens a tap and a /dev/vhost-net fd for each NIC queue before it execs QEMU
        long libvirtdDemand = l.daemonBaseFds() + l.startTransientFds() + (long) l.startTransientFdsPerNicQueue() * nics;
        assertEquals(32 + 6 + 2 * 1000, libvirtdDemand, "by hand: userspace §13");
        BreakingPoint first = Runs.run(file).breakingPoints().get(0);
        assertEquals("libvirtd.nofile", first.resource());
        assertEquals(Errno.EMFILE, first.errno());
        assertEquals(libvirtdDemand, first.demand());

        // with libvirtd's limit out of the way (QEMU would inherit it: keep QEMU's at 1,024 through
        // qemu.conf), QEMU's realize phase: tap + vhost + 2 masked = 4 per NIC
        String daemon = "stack.libvirt.daemonNofile=8192", qemu1024 = "stack.libvirt.qemuMaxFiles=1024";
        e = Runs.load(file, daemon, qemu1024);
        long realizePerNic = q.fdsPerNicQueuePair() - q.nicDriverStartFdsPerQueuePair();
        assertEquals(4, realizePerNic, "QEMU 2.5: tap, /dev/vhost-net, 2 masked notifiers");
        long perNic = (long) q.fdsPerNicQueuePair() * e.guest().nicQueues() + q.fdsPerNicDevice();
        long fit = (qemuNofile(e) - fdsBeforeNics(e)) / realizePerNic;

        BreakingPoint bp = Runs.wall(Runs.run(file, daemon, qemu1024), "qemu.nofile");
        assertNotNull(bp);
        assertEquals(Errno.EMFILE, bp.errno());
        assertTrue(bp.subject().contains("virtio-net #" + (fit + 1) + " of") && !bp.subject().contains("boot"), bp.subject());
        assertEquals(qemuNofile(e), bp.limit());
        assertEquals(fdsBeforeNics(e) + diskFdsAtBoot(e) + nics * perNic, bp.suggested(),
                "what the whole guest needs once booted");
        assertEquals(1, Runs.started(Runs.run(file, daemon, qemu1024, "guest.nics=" + fit)));
        assertEquals(0, Runs.started(Runs.run(file, daemon, qemu1024, "guest.nics=" + (fit + 1))));

        // raising qemu.conf max_files moves the wall exactly
        long raised = 3000;
        long fitRaised = (raised - fdsBeforeNics(e)) / realizePerNic;
        String knob = ExperimentPaths.of(bp) + "=" + raised;
        assertEquals(1, Runs.started(Runs.run(file, daemon, knob, "guest.nics=" + fitRaised)));
        BreakingPoint moved = Runs.wall(Runs.run(file, daemon, knob, "guest.nics=" + (fitRaised + 1)), "qemu.nofile");
        assertTrue(moved.subject().contains("virtio-net #" + (fitRaised + 1) + " of"), moved.subject());
        assertTrue(Runs.run("experiments/f06-virtio-net-fds-raised.json").breakingPoints().isEmpty());
    }

    @Test
    void f07ASelectLoopFailsTheGuestAtBootAtTheIoeventfdThatNeedsFdNumberFdSetSize() {
        String file = "experiments/f07-select-fd-setsize.json";
        Experiment e = Runs.load(file);
        QemuSpec q = e.stack().qemu();
        long nicRealize = (long) (q.fdsPerNicQueuePair() - q.nicDriverStartFdsPerQueuePair()) * e.guest().nics();
        long realized = fdsBeforeNics(e) + nicRealize;
        assertEquals(16 + 2 + 1 + 1000 + 4, realized, "by hand: the 1,000 images and the NIC fit in fds 0..1,022");
        long fit = e.stack().glibc().fdSetSize() - realized;   // each disk's one ioeventfd (QEMU 2.5)

        RunResult r = Runs.run(file);
        BreakingPoint bp = Runs.wall(r, "qemu.select-fd-setsize");
        assertNotNull(bp);
        assertFalse(bp.tunable(), "FD_SETSIZE is a constant: the fix is poll()");
        assertTrue(bp.subject().contains("virtio-blk #" + (fit + 1) + " of") && bp.subject().contains("at guest boot"), bp.subject());
        assertEquals(e.stack().glibc().fdSetSize(), bp.limit());
        assertEquals(0, Runs.started(r));
        assertTrue(Runs.run("experiments/f07-poll.json").breakingPoints().isEmpty());
    }

    @Test
    void f05FileBackedDisksRunOutOfInotifyWatches() {
        String file = "experiments/f05-inotify-watches.json";
        Experiment e = Runs.load(file);
        long perGuest = (long) e.guest().disks() * e.stack().libvirt().inotifyWatchesPerFileDisk();
        long guests = e.host().sysctl().inotifyMaxUserWatches() / perGuest;

        RunResult r = Runs.run(file);
        BreakingPoint bp = Runs.wall(r, "fs.inotify.max_user_watches");
        assertEquals(Errno.ENOSPC, bp.errno());
        assertEquals(guests, Runs.started(r));
        assertEquals(guests + 1, Runs.guestNumber(bp));
        assertEquals("host.sysctl.inotifyMaxUserWatches", ExperimentPaths.of(bp));

        long raised = 5000;
        assertEquals(raised / perGuest, Runs.started(Runs.run(file, ExperimentPaths.of(bp) + "=" + raised)));
        assertEquals(300, Runs.started(Runs.run("experiments/f05-inotify-watches-raised.json")));
        // block-backed disks take none
        assertEquals(300, Runs.started(Runs.run(file, "guest.diskBacking=\"block\"")));
    }

    /** Events one io_setup costs against fs.aio-max-nr on this host, written out from kernel-facts §6. */
    private static long aioCharge(Experiment e) {
        HostSpec h = e.host();
        long asked = e.stack().qemu().aioMaxEvents();
        return switch (h.aioCharging()) {
            case REQUESTED -> asked;
            case PER_CPU_MINIMUM -> Math.max(asked, 4L * h.possibleCpus());
        };
    }

    @Test
    void f09NativeAioContextsExhaustAioMaxNr() {
        String file = "experiments/f09-aio-max-nr.json";
        Experiment e = Runs.load(file);
        assertTrue(e.stack().qemu().aioContextPerDisk(), "QEMU 2.5: one context per disk");
        long contextsPerGuest = e.guest().disks();
        long guests = e.host().sysctl().aioMaxNr() / (aioCharge(e) * contextsPerGuest);

        RunResult r = Runs.run(file);
        BreakingPoint bp = Runs.wall(r, "fs.aio-max-nr");
        assertEquals(Errno.EAGAIN, bp.errno());
        assertEquals(guests, Runs.started(r));
        assertEquals(guests + 1, Runs.guestNumber(bp));

        long raised = 100_000;
        assertEquals(raised / (aioCharge(e) * contextsPerGuest), Runs.started(Runs.run(file, ExperimentPaths.of(bp) + "=" + raised)));
        assertTrue(Runs.run("experiments/f09-aio-max-nr-raised.json").breakingPoints().isEmpty());

        // a current stack: one context per AioContext, 1024 events, charged as asked
        Experiment now = Runs.load("experiments/f09-aio-max-nr-x86-debian12.json");
        assertFalse(now.stack().qemu().aioContextPerDisk());
        assertEquals(now.host().sysctl().aioMaxNr() / aioCharge(now),
                Runs.started(Runs.run("experiments/f09-aio-max-nr-x86-debian12.json")));
    }

    @Test
    void f10LibvirtdRunsOutOfFdsAtTwoPerGuestPlusTheStartsInFlight() {
        String file = "experiments/f10-libvirtd-fds.json";
        LibvirtSpec l = Runs.load(file).stack().libvirt();
        // by hand: one start in flight holds 6 + 2 x 1 NIC queue = 8 fds until its monitor is connected,
        // which it connects (+2) before giving them back: guest n needs 32 + 2 (n - 1) + 8 + 2 <= 1,024
        long inFlight = l.startTransientFds() + l.startTransientFdsPerNicQueue();
        assertEquals(8, inFlight);
        long oneAtATime = (l.daemonNofile() - l.daemonBaseFds() - inFlight) / l.daemonFdsPerGuest();
        assertEquals(492, oneAtATime);

        RunResult sequential = Runs.run(file, "steps[1].concurrency=1");
        assertEquals(oneAtATime, Runs.started(sequential));
        assertEquals(oneAtATime + 1, Runs.guestNumber(Runs.wall(sequential, "libvirtd.nofile")));

        // 20 in flight: between all 20 holding their 8 and only one
        RunResult r = Runs.run(file);
        BreakingPoint bp = Runs.wall(r, "libvirtd.nofile");
        assertEquals(Errno.EMFILE, bp.errno());
        assertEquals("stack.libvirt.daemonNofile", ExperimentPaths.of(bp));
        long worst = (l.daemonNofile() - l.daemonBaseFds() - 20 * inFlight) / l.daemonFdsPerGuest();
        assertTrue(Runs.started(r) >= worst && Runs.started(r) <= oneAtATime, Runs.started(r) + " started");

        long raised = 1400;    // below the next wall (the qemu uid's tasks, F12)
        RunResult moved = Runs.run(file, ExperimentPaths.of(bp) + "=" + raised, "steps[1].count=1500", "steps[1].concurrency=1");
        assertEquals((raised - l.daemonBaseFds() - inFlight) / l.daemonFdsPerGuest(), Runs.started(moved));
    }

    /** Tasks one running QEMU holds in its uid: base threads, vCPUs, IOThreads, pool workers. */
    private static long tasksPerGuest(Experiment e) {
        QemuSpec q = e.stack().qemu();
        GuestTemplate g = e.guest();
        long workers = g.disks() > 0 && g.aio() == GuestTemplate.AioMode.THREADS
                ? Math.min(g.ioDepth(), (long) q.threadPoolMax() * (1 + g.iothreads())) : 0;
        return q.baseThreads() + g.vcpus() + g.iothreads() + workers;
    }

    @Test
    void f12AllQemuThreadsOfOneUidCountAgainstOneNprocLimit() {
        String file = "experiments/f12-processes.json";
        Experiment e = Runs.load(file);
        long limit = e.stack().libvirt().daemonNproc();
        long guests = limit / tasksPerGuest(e);

        RunResult r = Runs.run(file, "steps[1].concurrency=1", "steps[1].count=1000");
        BreakingPoint bp = Runs.wall(r, "qemu-user.nproc");
        assertEquals(Errno.EAGAIN, bp.errno());
        assertEquals(guests, Runs.started(r));
        assertEquals("stack.libvirt.daemonNproc", ExperimentPaths.of(bp));
        assertEquals(1000 * tasksPerGuest(e), bp.suggested(), "every guest's tasks, the later pool workers included");

        // qemu.conf max_processes, when set, is the limit instead
        long maxProcesses = 3000;
        RunResult moved = Runs.run(file, "stack.libvirt.qemuMaxProcesses=" + maxProcesses, "steps[1].concurrency=1", "steps[1].count=1000");
        assertEquals(maxProcesses / tasksPerGuest(e), Runs.started(moved));
        assertEquals("stack.libvirt.qemuMaxProcesses", ExperimentPaths.of(Runs.wall(moved, "qemu-user.nproc")));
    }

    @Test
    void pidMaxIsExclusiveAndPidsBelowReservedPidsAreNotReused() {
        // kernel/pid.c: alloc_pid takes idr_alloc_cyclic(..., RESERVED_PIDS = 300, pid_max) once the
        // cursor has passed 300, so new tasks get the numbers 300 .. pid_max - 1: pid_max - 300.
        // pid_max 2000: 1,700 numbers; 800 base tasks hold some; 900 left. Each guest of f12 holds
        // 5 QEMU tasks + 1 vhost kernel thread (one NIC, vhost workers outside QEMU): 150 guests.
        String file = "experiments/f12-processes.json";
        String[] open = {"stack.libvirt.daemonNproc=1000000", "steps[1].concurrency=1", "steps[1].count=1000"};
        RunResult r = Runs.run(file, concat(open, "host.sysctl.pidMax=2000"));
        BreakingPoint bp = Runs.wall(r, "kernel.pid_max");
        assertEquals(Errno.EAGAIN, bp.errno());
        assertEquals(1700, bp.limit());
        assertEquals(150, Runs.started(r));
        assertEquals("host.sysctl.pidMax", ExperimentPaths.of(bp));
        assertEquals(bp.suggested() + 300, bp.suggestedKnobValue(), "the sysctl is the pool limit + RESERVED_PIDS");
        // pid_max 5000: 4,700 - 800 = 3,900 = 650 guests of 6
        assertEquals(650, Runs.started(Runs.run(file, concat(open, "host.sysctl.pidMax=5000"))));
        // the suggested sysctl lets the whole workload through (checked for the 1,000 guests asked)
        RunResult fits = Runs.run(file, concat(open, "host.sysctl.pidMax=" + (800 + 6 * 1000 + 300)));
        assertNull(Runs.wall(fits, "kernel.pid_max"));
        assertEquals(1000, Runs.started(fits));
        RunResult oneShort = Runs.run(file, concat(open, "host.sysctl.pidMax=" + (800 + 6 * 1000 + 299)));
        assertEquals(999, Runs.started(oneShort));
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    @Test
    void f11OnePtyPerConsoleRunsOutBeforeGuest4096() {
        String file = "experiments/f11-ptys.json";
        HostSpec h = Runs.load(file).host();
        RunResult r = Runs.run(file);
        BreakingPoint bp = Runs.wall(r, "kernel.pty.max");
        assertEquals(h.sysctl().ptyMax() - h.hostPtys(), Runs.started(r));
        assertEquals(Errno.ENOSPC, bp.errno());
        assertEquals(2048 - h.hostPtys(), Runs.started(Runs.run(file, "host.sysctl.ptyMax=2048")));
    }

    /** Host RAM one running guest holds, MiB (rounded up as the pool counts it). */
    private static long residentMiB(Experiment e) {
        QemuSpec q = e.stack().qemu();
        GuestTemplate g = e.guest();
        return (long) Math.ceil(g.residentMiB() + q.overheadMiB() + (g.disks() + g.nics()) * q.overheadMiBPerDevice());
    }

    @Test
    void f13OneTerabyteIsNotEnoughForTheSeedGuestsAndTwoAre() {
        String file = "experiments/f13-ram-1tb.json";
        Experiment e = Runs.load(file);
        long usable = (long) Math.floor((e.host().ramGiB() - e.host().hostReservedGiB()) * 1024);
        long guests = usable / residentMiB(e);
        assertTrue(guests < 4096);

        RunResult r = Runs.run(file);
        assertEquals(guests, Runs.started(r));
        assertEquals(Errno.ENOMEM, Runs.wall(r, "host.memory").errno());

        Experiment two = Runs.load("experiments/f11-ptys.json");
        assertTrue((two.host().ramGiB() - two.host().hostReservedGiB()) * 1024 / residentMiB(two) > 4096);
        assertNull(Runs.wall(Runs.run("experiments/f11-ptys.json"), "host.memory"));
    }

    @Test
    void f15TheTunedFixedStackStarts4096GuestsIn2TbWithRamToSpare() {
        RunResult r = Runs.run("experiments/f15-4096-guests.json");
        assertTrue(r.breakingPoints().isEmpty(), r.breakingPoints().toString());
        assertEquals(8192, r.metric("guests.defined"));
        assertEquals(4096, Runs.started(r));
        assertTrue(r.metric("hw.host.memory") < r.metric("limit.host.memory"), "not all of 2 TB used");
        assertEquals(0, r.metric("machined.stranded"));
    }

    @Test
    void f16ArenasAre8PerCpuOf64MiBAndMallocArenaMaxCutsTheCommit() {
        String file = "experiments/f16-arenas-strict-overcommit.json";
        Experiment e = Runs.load(file);
        GlibcSpec libc = e.stack().glibc();
        int cpus = e.host().cpus();
        RunResult r = Runs.run(file, "steps[1].concurrency=1");
        assertEquals(libc.arenasPerCpu() * cpus, r.metric("qemu.arenas.limit"));
        assertEquals((libc.arenasPerCpu() * cpus - 1) * libc.heapMaxMiB() / 1024, r.metric("qemu.arenas.addressSpaceLimitGiB"), 1e-9);
        assertEquals(32, r.metric("qemu.arenas.addressSpaceLimitGiB"), 32 * 0.01, "the talk: 512 arenas, 32 GB");

        // commit per QEMU under strict overcommit, written out: guest RAM, QEMU, stacks, arenas
        QemuSpec q = e.stack().qemu();
        GuestTemplate g = e.guest();
        long threads = tasksPerGuest(e);
        double fixed = g.memoryMiB() + q.overheadMiB() + (g.disks() + g.nics()) * q.overheadMiBPerDevice()
                + (threads - 1) * libc.threadStackMiB();
        double withDefault = fixed + (Math.min(threads, libc.arenasPerCpu() * cpus) - 1) * libc.arenaCommitMiB();
        int arenaMax = 4;
        double withMax = fixed + (Math.min(threads, arenaMax) - 1) * libc.arenaCommitMiB();
        assertEquals(withDefault, r.metric("qemu.commit.perProcessMiB"), 0.01);

        double limitKiB = e.host().ramGiB() * 1024 * 1024 * e.host().sysctl().overcommitRatio() / 100.0;
        double freeKiB = limitKiB - e.host().hostReservedGiB() * 1024 * 1024;
        assertEquals((long) (freeKiB / Math.ceil(withDefault * 1024)), Runs.started(r));
        BreakingPoint bp = Runs.wall(r, "vm.commit-limit");
        assertEquals(Errno.ENOMEM, bp.errno());

        RunResult capped = Runs.run("experiments/f16-arenas-malloc-arena-max.json", "steps[1].concurrency=1");
        assertEquals(arenaMax, capped.metric("qemu.arenas.limit"));
        assertEquals(withMax, capped.metric("qemu.commit.perProcessMiB"), 0.01);
        assertEquals((long) (freeKiB / Math.ceil(withMax * 1024)), Runs.started(capped));
        assertTrue(Runs.started(capped) > Runs.started(r));
    }
}
