package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real guest booted under TCG: every NIC and disk comes up, the driver-start fds appear as the
 * virtqueues say, an fd limit degrades NICs instead of failing the guest, and nothing is left.
 * Expectations are counted from the devices (virtqueues per NIC and disk), not taken from the model.
 */
class GuestBootTest {
    private static final Duration BOOT = Duration.ofSeconds(120);

    private static BootedGuests guests(Cleanup c) {
        return new BootedGuests(c, GuestImage.defaultCache(), Duration.ofSeconds(20), BOOT).assumeAccel(GuestLauncher.Accel.TCG, "test: TCG");
    }

    @Test
    void aBootedGuestBringsEveryDeviceUpAndItsVirtqueuesGetTheirEventfds() throws Exception {
        try (Cleanup c = new Cleanup()) {
            RealHost.guestImage(c);
            BootedGuests g = guests(c);
            // 2 NICs of 1 queue pair and 1 null-co disk with 1 queue (1 vCPU)
            GuestLauncher.Boot b = g.boot(2, 1, 1, QemuLauncher.Backend.NULL_CO, 0);
            assertInstanceOf(GuestLauncher.Booted.class, b, b.toString());
            try (BootedGuest guest = ((GuestLauncher.Booted) b).guest()) {
                assertEquals(2, guest.nicsUp());
                assertEquals(1, guest.disksUp());
                int realize = guest.realize().fds();
                int up = guest.sample().fds();
                // userspace virtio-net: an ioeventfd per virtqueue (rx, tx, ctrl); virtio-blk: ioeventfd + guest notifier per queue
                assertEquals(2 * 3 + 1 * 2, up - realize, "fds the guest drivers' start adds");
                assertEquals(2, guest.count(Pattern.compile("capsim: up nic eth\\d")));
            }
        }
    }

    @Test
    void anFdLimitAtDriverStartLeavesNicsWithoutIoeventfdAndTheGuestRuns() throws Exception {
        try (Cleanup c = new Cleanup()) {
            RealHost.guestImage(c);
            BootedGuests g = guests(c);
            int nics = 4;
            GuestLauncher.Boot free = g.boot(nics, 1, 0, QemuLauncher.Backend.NULL_CO, 0);
            int realize;
            try (BootedGuest guest = ((GuestLauncher.Booted) free).guest()) {
                realize = guest.realize().fds();
            }
            // room for what QEMU opens while it starts (1) and for exactly one NIC's 3 ioeventfds
            long limit = realize + 1 + 3;
            GuestLauncher.Boot b = g.boot(nics, 1, 0, QemuLauncher.Backend.NULL_CO, limit);
            assertInstanceOf(GuestLauncher.Booted.class, b, b.toString());
            try (BootedGuest guest = ((GuestLauncher.Booted) b).guest()) {
                assertEquals(nics, guest.nicsUp(), "every NIC still comes up");
                long fallbacks = guest.stderr().lines().filter(l -> l.contains("Fallback to userspace")).count();
                // the spare fd holds no NIC's three, so only the first NIC gets its ioeventfds
                assertEquals(nics - 1, fallbacks, guest.stderr());
                assertEquals(realize + 3, guest.sample().fds());
            }
        }
    }

    @Test
    void nothingIsLeftAfterTheRun() throws Exception {
        String tag;
        String netns;
        Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
        try (Cleanup c = new Cleanup()) {
            RealHost.guestImage(c);
            tag = c.tag();
            BootedGuests g = guests(c);
            netns = g.netns();
            GuestLauncher.Boot b = g.boot(1, 1, 0, QemuLauncher.Backend.NULL_CO, 0);
            assertInstanceOf(GuestLauncher.Booted.class, b, b.toString());
            // the guest is left running on purpose: the run's cleanup must take it
        }
        for (int i = 0; i < 50 && !processesTagged(tag).isEmpty(); i++) TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(List.of(), processesTagged(tag), "no QEMU of the run");
        Process p = new ProcessBuilder(Program.IP.find().orElseThrow().toString(), "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        assertFalse(list.contains(netns), "namespace " + netns + " deleted: " + list);
        try (var s = Files.list(tempRoot)) {
            assertEquals(List.of(), s.filter(x -> x.getFileName().toString().startsWith(tag + "-")).toList(), "no temp folder of the run");
        }
    }

    private static List<Long> processesTagged(String tag) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(cl -> cl.contains(tag + "-g")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
