package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CleanupTest {
    /** A pid that just ended (reuse within the test is very unlikely). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    @Test
    void closeKillsProcessesWithTheirChildrenAndRemovesFolders() throws Exception {
        Process p;
        Path dir;
        ProcessHandle child;
        try (Cleanup c = new Cleanup()) {
            dir = c.tempDir("t");
            Files.writeString(dir.resolve("f"), "x");
            assertTrue(dir.getFileName().toString().startsWith(c.tag()));
            p = c.start(new ProcessBuilder("sh", "-c", "sleep 300 & wait"));
            long deadline = System.currentTimeMillis() + 5000;
            while (p.toHandle().children().findAny().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(10);
            child = p.toHandle().children().findAny().orElseThrow();
        }
        assertFalse(p.isAlive());
        assertFalse(child.isAlive(), "the child of the process is gone too");
        assertFalse(Files.exists(dir));
    }

    @Test
    void sweepRemovesFoldersAndProcessesOfDeadRunsOnly() throws Exception {
        long dead = deadPid();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createTempDirectory(tmp, Cleanup.PREFIX + dead + "-qemu-");
        Path live = Files.createTempDirectory(tmp, Cleanup.PREFIX + ProcessHandle.current().pid() + "-qemu-");
        try {
            List<String> removed = Cleanup.sweepStale();
            assertFalse(Files.exists(stale), removed.toString());
            assertTrue(Files.exists(live), "this run's own folder stays");
        } finally {
            Cleanup.deleteTree(live);
        }
    }

    @Test
    void sweepKillsAQemuLeftByADeadRun() throws Exception {
        QemuTarget t = RealHost.qemu();
        long dead = deadPid();
        Process orphan = new ProcessBuilder(t.program().find().orElseThrow().toString(), "-name", Cleanup.PREFIX + dead + "-q1",
                "-M", t.machine(), "-accel", "tcg", "-S", "-display", "none", "-nodefaults")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            Thread.sleep(300);
            assertTrue(orphan.isAlive());
            List<String> removed = Cleanup.sweepStale();
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "killed by the sweep");
            assertTrue(removed.stream().anyMatch(s -> s.contains(Long.toString(orphan.pid()))), removed.toString());
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void sweepDeletesANamespaceLeftByADeadRun() throws Exception {
        RealHost.requireNetns();
        String ns = Cleanup.PREFIX + deadPid() + "-1";
        assertNull(NetNamespace.runOnce(Program.IP.find().orElseThrow().toString(), "netns", "add", ns));
        try {
            assertTrue(Files.exists(Path.of("/run/netns", ns)));
            List<String> removed = Cleanup.sweepStale();
            assertFalse(Files.exists(Path.of("/run/netns", ns)), removed.toString());
        } finally {
            Cleanup.deleteNamespace(ns);
        }
    }

    @Test
    void tagsNameTheirOwner() {
        assertEquals(1234, Cleanup.ownerPid("/tmp/capsim-validate-1234-qemu-99/q1.sock"));
        assertEquals(-1, Cleanup.ownerPid("qemu-system-s390x -M s390-ccw-virtio"));
    }

    @Test
    void missingProgramsNameTheirDebianPackage() {
        assertTrue(Program.QEMU_S390X.missing().contains("qemu-system-misc"));
        assertTrue(Program.QEMU_X86_64.missing().contains("qemu-system-x86"));
        assertTrue(Program.IP.missing().contains("iproute2"));
    }
}
