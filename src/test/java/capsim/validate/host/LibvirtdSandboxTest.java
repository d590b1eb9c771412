package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A private libvirtd leaves nothing behind: closed, closed after an exception, or swept after its owner died. */
class LibvirtdSandboxTest {
    /** What the sandbox had running and on disk, to check that all of it is gone. */
    private record Traces(long daemon, String mountNs, List<ProcessHandle> qemus, Path root) {
        static Traces of(LibvirtdSandbox sb) {
            return new Traces(sb.pid(), sb.mountNamespace(), sb.qemuProcesses(), sb.root());
        }

        void assertGone() throws Exception {
            assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "libvirtd " + daemon + " is gone");
            for (ProcessHandle q : qemus) {
                q.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(q.isAlive(), "QEMU " + q.pid() + " is gone");
            }
            assertEquals(List.of(), LibvirtdSandbox.processesIn(mountNs), "no process is left in the mount namespace");
            assertFalse(Files.exists(root), root + " is removed");
        }
    }

    /** The host's libvirt folders, as this process sees them: the sandbox must not change them. */
    private static List<String> hostState() throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : LibvirtdSandbox.STATE_DIRS) {
            Path p = Path.of(d);
            if (!Files.isDirectory(p)) {
                out.add(d + " absent");
                continue;
            }
            try (Stream<Path> s = Files.list(p)) {
                s.map(Path::toString).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    @Test
    void closeDestroysGuestsStopsTheDaemonAndRemovesItsFolders() throws Exception {
        RealHost.requireLibvirt();
        List<String> before = hostState();
        Traces t;
        try (Cleanup c = new Cleanup(); LibvirtdSandbox sb = LibvirtdSandbox.start(c, 0)) {
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString(), sb.mountNamespace());
            var st = sb.createPaused(1, 1);
            assertTrue(st.ok(), st.output());
            assertEquals(List.of(sb.domainName(1)), sb.domains());
            assertTrue(sb.domainName(1).startsWith(c.tag()), "the sweep finds the QEMU by the run's tag");
            t = Traces.of(sb);
            assertEquals(1, t.qemus().size(), "one QEMU from its pid file");
            assertTrue(Files.exists(sb.root().resolve("run/libvirt-sock")), "the socket is in the sandbox folder");
        }
        t.assertGone();
        assertEquals(before, hostState(), "the host's libvirt folders are as they were");
    }

    @Test
    void anExceptionInsideLeavesNothingEither() throws Exception {
        RealHost.requireLibvirt();
        List<Traces> seen = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> {
            try (Cleanup c = new Cleanup(); LibvirtdSandbox sb = LibvirtdSandbox.start(c, 64)) {
                var st = sb.createPaused(1, 0);
                assertTrue(st.ok(), st.output() + " / " + sb.log());
                seen.add(Traces.of(sb));
                throw new IllegalStateException("a probe broke off");
            }
        });
        seen.get(0).assertGone();
    }

    @Test
    void theCleanupClosesASandboxItsOwnerLeftOpen() throws Exception {
        RealHost.requireLibvirt();
        Traces t;
        try (Cleanup c = new Cleanup()) {
            LibvirtdSandbox sb = LibvirtdSandbox.start(c, 0);
            assertTrue(sb.createPaused(1, 0).ok());
            t = Traces.of(sb);
        }
        t.assertGone();
    }

    @Test
    void theSweepRemovesASandboxWhoseOwnerWasKilled() throws Exception {
        RealHost.requireLibvirt();
        Cleanup c = new Cleanup(deadPid());
        try {
            LibvirtdSandbox sb = LibvirtdSandbox.start(c, 0);
            assertTrue(sb.createPaused(1, 0).ok());
            Traces t = Traces.of(sb);
            assertEquals(1, t.qemus().size());
            // the owner "was killed": nothing closes the sandbox; the next run's sweep must find it all
            List<String> removed = Cleanup.sweepStale();
            assertTrue(removed.stream().anyMatch(s -> s.contains("process " + t.daemon() + " ")), removed.toString());
            assertTrue(removed.stream().anyMatch(s -> s.contains("process " + t.qemus().get(0).pid() + " ")), removed.toString());
            assertTrue(removed.stream().anyMatch(s -> s.contains(t.root().toString())), removed.toString());
            t.assertGone();
        } finally {
            c.close();
        }
    }
}
