package capsim.validate.probe;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.JsonText;
import capsim.hostdetect.HostDetect;
import capsim.model.libvirt.LibvirtSpec;
import capsim.validate.calibration.Series;
import capsim.validate.host.Cleanup;
import capsim.validate.host.ProcFilesTestAccess;
import capsim.validate.host.QemuLauncher;
import capsim.validate.predict.ModelPredictor;
import capsim.validate.predict.ValidationModels;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two libvirt probes against a private libvirtd, with few guests; skipped without libvirt. */
class LibvirtProbesTest {
    @TempDir
    Path tmp;

    private ProbeContext context(Cleanup c, int max) throws Exception {
        Path host = tmp.resolve("host.json");
        Files.writeString(host, JsonText.PRETTY.toJson(new HostDetect().detect()));
        ModelPredictor m = new ModelPredictor(host, Path.of("models/stacks/debian12-tcg.json"), tmp, QemuLauncher.GUEST_MEMORY_MIB);
        return new ProbeContext(new ProbeContext.Settings(max, 4, 1, 4), c, new QemuLauncher(c, Duration.ofSeconds(20)), m, java.util.Map.of(),
                ValidationModels.limits(), ValidationModels.costs(), List.of(),
                new capsim.validate.host.BootedGuests(c, capsim.validate.host.GuestImage.defaultCache(), Duration.ofSeconds(20), Duration.ofSeconds(120)),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void guestsProbeMeasuresFdsAndThreadsOverThreeGuests() throws Exception {
        ProcFilesTestAccess.requireLibvirt();
        try (Cleanup c = new Cleanup()) {
            ProbeContext ctx = context(c, 3);
            LibvirtSpec lv = ctx.model().stack().libvirt();
            ProbeResult r = new LibvirtGuestsProbe().run(ctx);
            assertNull(r.error());
            assertEquals(2, r.series().size());
            Series fds = r.series().get(0);
            Series threads = r.series().get(1);
            assertArrayEquals(new double[] {0, 1, 2, 3}, fds.x());
            double[] m = fds.measured();
            double[] p = fds.predicted();
            assertEquals(m[0], p[0], "the base is measured");
            for (int k = 0; k < 4; k++) assertEquals(m[0] + k * lv.daemonFdsPerGuest(), p[k], "the model's slope");
            for (int k = 1; k < 4; k++) assertTrue(m[k] > m[k - 1], "every running guest holds fds in libvirtd");
            assertEquals(threads.measured()[0] + 3 * lv.daemonThreadsPerGuest(), threads.predicted()[3], "threads: the base and the model's per-guest thread");
            // the real daemon against the model: the per-guest fds and threads are measured facts of libvirt 9.0
            assertArrayEquals(fds.measured(), fds.predicted(), "fds per running guest");
            assertArrayEquals(threads.measured(), threads.predicted(), "a vm-NAME event thread per running guest");
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("CreateMachine")), r.notes().toString());
        }
    }

    @Test
    void fdLimitProbeFindsTheFailingStartUnderOneLimit() throws Exception {
        ProcFilesTestAccess.requireLibvirt();
        try (Cleanup c = new Cleanup()) {
            ProbeContext ctx = context(c, 32);
            ProbeResult r = new LibvirtFdLimitProbe().run(ctx);
            assertNull(r.error());
            assertEquals(1, r.limits().size(), "one limit: 32");
            LimitCheck l = r.limits().get(0);
            assertEquals("L=32", l.group());
            assertTrue(l.reached(), "a start fails under 32 fds");
            assertFalse(l.refusal().isEmpty(), "libvirt's error is kept");
            assertTrue(l.measured() < 32 / 2, "each guest holds fds: fewer than half of L start");
            assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("fds a start needs")), r.notes().toString());
        }
    }

    @Test
    void limitsAreAnOddAndAnEvenOneBelowTheTop() {
        assertArrayEquals(new int[] {48, 49, 64}, LibvirtFdLimitProbe.limits(64));
        assertArrayEquals(new int[] {32}, LibvirtFdLimitProbe.limits(32));
    }

    @Test
    void theModelsFirstRefusedStartIsTheFirstThatDoesNotFit() throws Exception {
        try (Cleanup c = new Cleanup()) {
            ModelPredictor m = context(c, 3).model();
            LibvirtSpec lv = m.stack().libvirt();
            long base = 16;
            int limit = 64;
            int k = m.libvirtdFirstRefusedStart(base, limit, 0);
            // by hand: a start holds its transient fds and, once the monitor is connected, its own ones before
            // the transient ones close: guest k−1 fits, guest k does not
            long per = lv.daemonFdsPerGuest();
            assertTrue(base + per * (k - 2L) + lv.startTransientFds() + per <= limit, "guest " + (k - 1) + " fits");
            assertTrue(base + per * (k - 1L) + lv.startTransientFds() + per > limit, "guest " + k + " does not");
        }
    }
}
