package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * Device fds in two phases and libvirtd's fds while it starts a guest. Every expected number is
 * worked out by hand from the source counts (docs/sources.md, userspace §1, §12, §13), not read
 * back from the model: the fixed 2015 stack (QEMU 2.5, libvirt 1.2) with a guest of 2 vCPUs and a
 * pty console.
 * <ul>
 * <li>process: 16 base fds + 2 vCPU fds + 1 console = 19;</li>
 * <li>virtio-blk (1 queue before QEMU 5.2, aio=threads): 1 image fd at realize, 1 ioeventfd when
 * the guest driver starts it (no irqfd before QEMU 2.8);</li>
 * <li>virtio-net, tap + vhost-net, per queue pair: tap 1 + /dev/vhost-net 1 + 2 masked notifiers
 * = 4 at realize; 2 kick + 2 call eventfds = 4 at vhost_net_start; without vhost, an ioeventfd
 * for each of its 2N + 1 virtqueues;</li>
 * <li>libvirtd: 32 of its own, 2 per running guest, and while starting one 6 (log, 2 handshake
 * pipes, /dev/null) + 2 per NIC queue (tap + vhost fd it passes to QEMU).</li>
 * </ul>
 */
class DeviceFdPhasesTest {
    private static final String FILE = "experiments/f06-virtio-net-fds.json";
    /** 10 NICs and 3 disks; a QEMU start transient of 2 fds; libvirtd's own limit out of the way. */
    private static final String[] SHAPE = {"guest.nics=10", "guest.disks=3", "stack.qemu.startTransientFds=2",
            "stack.libvirt.daemonNofile=8192"};

    private static String[] with(String... more) {
        return Runs.sets(SHAPE, more);
    }

    @Test
    void thePeakIsAfterBootNotAtRealize() {
        // realize: 19 + 3 x 1 + 10 x 4 = 62 (+ 2 transient = 64); after boot: 62 + 3 x 1 + 10 x 4 = 105
        RunResult r = Runs.run(FILE, SHAPE);
        assertEquals(1, Runs.started(r));
        assertEquals(62, (long) r.metric("qemu.fds.perProcessAtRealize"), "what a paused QEMU holds");
        assertEquals(105, (long) r.metric("qemu.fds.perProcess"));
        assertEquals(105, (long) r.metric("hw.qemu.nofile"), "the peak comes once the guest has started its devices");
        assertEquals(0, (long) r.metric("qemu.nics.vhostFallback"));
        assertEquals(0, (long) r.metric("qemu.devices.ioeventfdFallback"));
        assertTrue(r.breakingPoints().isEmpty(), r.breakingPoints().toString());
    }

    @Test
    void theRealizePhaseAloneFailsTheStart() {
        // 63 = 62 realized + 2 transient - 1: the firmware fd does not fit, QEMU exits
        RunResult tight = Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=63"));
        assertEquals(0, Runs.started(tight));
        BreakingPoint bp = Runs.wall(tight, "qemu.nofile");
        assertNotNull(bp);
        assertEquals(Errno.EMFILE, bp.errno());
        assertTrue(bp.subject().contains("transient"), bp.subject());
        assertEquals(105, bp.suggested(), "what the process needs at its peak, after boot");
    }

    @Test
    void nicsWhoseVhostFdsDoNotFitAtBootRunDegradedInsteadOfFailingTheStart() {
        // max_files 80: realize 62 (peak 64) fits; at boot 18 are left: 3 disks x 1 -> 15 left;
        // 3 NICs x 4 -> 3 left; the other 7 fall back on userspace virtio and want 2 x 1 + 1 = 3
        // ioeventfds each: 1 more NIC gets them, 6 are notified through QEMU
        RunResult r = Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=80"));
        assertEquals(1, Runs.started(r), "the guest runs, degraded");
        assertEquals(0, (long) r.metric("guests.failed"));
        assertEquals(7, (long) r.metric("qemu.nics.vhostFallback"));
        assertEquals(6, (long) r.metric("qemu.devices.ioeventfdFallback"));
        assertEquals(80, (long) r.metric("hw.qemu.nofile"), "62 + 3 + 12 + 3");
        BreakingPoint vhost = r.breakingPoints().get(0);
        assertEquals("qemu.nofile", vhost.resource());
        assertEquals(Errno.EMFILE, vhost.errno());
        assertTrue(vhost.subject().contains("virtio-net #4 of 10 at guest boot"), vhost.subject());
        assertTrue(vhost.subject().contains("userspace virtio"), vhost.subject());
        assertEquals(105, vhost.suggested());

        // max_files 64: 2 left at boot: disks 1 and 2 get their ioeventfd, disk 3 none; no NIC gets vhost or an ioeventfd
        RunResult tighter = Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=64"));
        assertEquals(1, Runs.started(tighter));
        assertEquals(10, (long) tighter.metric("qemu.nics.vhostFallback"));
        assertEquals(1 + 10, (long) tighter.metric("qemu.devices.ioeventfdFallback"));
        assertTrue(tighter.breakingPoints().get(0).subject().contains("virtio-blk #3 of 3 at guest boot"),
                tighter.breakingPoints().get(0).subject());

        // max_files 105: everything fits
        assertTrue(Runs.run(FILE, with("stack.libvirt.qemuMaxFiles=105")).breakingPoints().isEmpty());
    }

    @Test
    void multiQueueNicsSplitPerQueuePair() {
        // 2 queue pairs: realize 19 + 3 + 10 x 8 = 102; after boot 102 + 3 + 10 x 8 = 185;
        // without vhost each NIC wants 2 x 2 + 1 = 5 ioeventfds
        RunResult r = Runs.run(FILE, with("guest.nicQueues=2"));
        assertEquals(102, (long) r.metric("qemu.fds.perProcessAtRealize"));
        assertEquals(185, (long) r.metric("qemu.fds.perProcess"));
        // max_files 120: 18 left at boot: 3 disks -> 15; 1 NIC x 8 -> 7; 9 fall back, 1 gets 5 ioeventfds, 8 none
        RunResult tight = Runs.run(FILE, with("guest.nicQueues=2", "stack.libvirt.qemuMaxFiles=120"));
        assertEquals(1, Runs.started(tight));
        assertEquals(9, (long) tight.metric("qemu.nics.vhostFallback"));
        assertEquals(8, (long) tight.metric("qemu.devices.ioeventfdFallback"));
    }

    @Test
    void libvirtdHoldsTransientFdsForEveryStartInFlight() {
        // 10 starts in flight at once (QEMU takes 10 s to start, every time the same), 2 NICs of
        // 2 queues: each start holds 6 + 2 x 2 x 2 = 14 fds in libvirtd until its monitor is
        // connected; all 10 hold them when the first connects its monitor and agent (+2) before it
        // gives its 14 back: the peak is 32 + 10 x 14 + 2 = 174
        String[] inFlight = {"steps[0].count=10", "steps[1].count=10", "steps[1].concurrency=10",
                "stack.qemu.processStartMs=10000", "stack.timingSpread=0", "guest.nics=2", "guest.nicQueues=2"};
        RunResult r = Runs.run("experiments/quickstart.json", inFlight);
        assertEquals(10, Runs.started(r));
        assertEquals(174, (long) r.metric("hw.libvirtd.nofile"));

        String[] tight = new String[inFlight.length + 1];
        System.arraycopy(inFlight, 0, tight, 0, inFlight.length);
        tight[inFlight.length] = "stack.libvirt.daemonNofile=171";
        RunResult refused = Runs.run("experiments/quickstart.json", tight);
        assertEquals(9, Runs.started(refused), "the 10th start finds 32 + 9 x 14 = 158 in use: 158 + 14 = 172 > 171");
        BreakingPoint bp = Runs.wall(refused, "libvirtd.nofile");
        assertNotNull(bp);
        assertEquals(Errno.EMFILE, bp.errno());
        assertTrue(bp.subject().contains("libvirtd start (transient fds)"), bp.subject());
        assertEquals(172, bp.demand());
    }

    @Test
    void hotPluggedNicsTakeRealizeFdsAtDeviceAddAndVhostFdsWhenTheDriverStartsThem() {
        // the running guest: 19 + 1 disk (image + ioeventfd) + 1 NIC (4 + 4) = 29 fds; QEMU's limit
        // 1,025 leaves 996: 124 plugged NICs take 8 each (992), the 125th its 4 realize fds but not
        // vhost's 4, nor the 2 x 1 + 1 = 3 ioeventfds of userspace virtio; from the 126th device_add fails
        // (the experiment's default guest: 2 vCPUs, a console, 1 disk, 1 NIC)
        RunResult r = Runs.run("experiments/f21-hotplug-1000-virtio-net-per-device.json", "steps[0].count=130", "steps[0].device=\"virtio-net\"", "stack.libvirt.qemuMaxFiles=1025");
        assertEquals(29, (long) r.metric("qemu.fds.perProcess"));
        assertEquals(130, (long) r.metric("hotplug.devices"));
        assertEquals(5, (long) r.metric("hotplug.refusedDevices"));
        assertEquals(1, (long) r.metric("hotplug.vhostFallback"));
        assertEquals(1, (long) r.metric("hotplug.ioeventfdFallback"));
        assertEquals(1025, (long) r.metric("hw.hotplug.qemu.nofile"));
        BreakingPoint bp = Runs.wall(r, "qemu.nofile");
        assertNotNull(bp);
        assertTrue(bp.subject().contains("device-0125 virtio-net at hotplug: vhost-net cannot start"), bp.subject());

        // generic devices (the default) take no fds: F21 and F22 are about routes
        RunResult generic = Runs.run("experiments/f21-hotplug-1000-virtio-net-per-device.json", "steps[0].count=130",
                "stack.libvirt.qemuMaxFiles=1025");
        assertNull(Runs.wall(generic, "qemu.nofile"));
    }
}
