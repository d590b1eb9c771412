package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.model.qemu.QemuSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * What a QEMU start holds only for a while: fds opened and closed after the devices (checked on
 * top of all the others), and the thread-pool workers the disks' first-sector reads start
 * (measured by capsim validate, docs/validation.md). Expectations come from the stack's numbers.
 */
class QemuStartTest {
    private static final String FILE = "experiments/f06-virtio-net-fds.json";
    /** One guest with a few NICs and disks, its fd numbers made visible by a transient count of 2. */
    private static final String[] SHAPE = {"guest.nics=10", "guest.disks=3", "stack.qemu.startTransientFds=2", "stack.libvirt.daemonNofile=8192"};

    private static String[] with(String... more) {
        return Runs.sets(SHAPE, more);
    }

    @Test
    void transientStartFdsMustFitOnTopOfTheRealizedDevices() {
        RunResult unlimited = Runs.run(FILE, SHAPE);
        long realized = (long) unlimited.metric("qemu.fds.perProcessAtRealize");
        long booted = (long) unlimited.metric("qemu.fds.perProcess");
        int transientFds = Runs.load(FILE, SHAPE).stack().qemu().startTransientFds();
        assertEquals(1, Runs.started(unlimited));
        assertTrue(booted > realized + transientFds, "vhost and ioeventfds come at boot: the peak is then");
        assertEquals(booted, (long) unlimited.metric("hw.qemu.nofile"));

        // every fd the realized process holds fits, the transient ones do not
        RunResult tight = Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=" + (realized + transientFds - 1)));
        assertEquals(0, Runs.started(tight));
        BreakingPoint bp = Runs.wall(tight, "qemu.nofile");
        assertNotNull(bp);
        assertEquals(Errno.EMFILE, bp.errno());
        assertTrue(bp.subject().contains("transient"), bp.subject());
        assertEquals(booted, bp.suggested(), "what the process needs at its peak");

        // the start passes with exactly that; the boot then degrades devices, it does not fail the guest
        assertEquals(1, Runs.started(Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=" + (realized + transientFds)))));
    }

    @Test
    void firstSectorReadsStartPoolWorkersThatServeTheGuestsIoToo() {
        Experiment e = Runs.load(FILE, SHAPE);
        QemuSpec q = e.stack().qemu();
        long spawn = q.baseThreads() + e.guest().vcpus() + e.guest().iothreads();
        assertTrue(q.startReadWorkers() > 0, "the stack has start workers: the test would prove nothing");

        assertEquals(spawn + q.startReadWorkers(), threads("guest.ioDepth=0"), "no guest I/O: the start's workers stay");
        assertEquals(spawn, threads("guest.ioDepth=0", "guest.aio=native"), "linux-aio reads need no pool");
        assertEquals(spawn, threads("guest.ioDepth=0", "guest.disks=0"));
        int depth = q.startReadWorkers() + 5;
        assertEquals(spawn + depth, threads("guest.ioDepth=" + depth), "the guest's I/O reuses the start's workers");

        // the workers come while the devices are realized, before any guest I/O
        RunResult r = Runs.run(FILE, with("guest.ioDepth=0", "stack.libvirt.qemuMaxProcesses=" + spawn));
        BreakingPoint bp = Runs.wall(r, "qemu-user.nproc");
        assertNotNull(bp);
        assertTrue(bp.subject().contains("start workers"), bp.subject());
        assertEquals(spawn + q.startReadWorkers(), bp.suggested());
    }

    private static long threads(String... sets) {
        RunResult r = Runs.run(FILE, with(sets));
        assertEquals(1, Runs.started(r));
        return (long) r.metric("qemu.threads.perProcess");
    }
}
