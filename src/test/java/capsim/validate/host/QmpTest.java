package capsim.validate.host;

import capsim.hostdetect.ProcSample;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The QMP client against a real QEMU. */
class QmpTest {
    @Test
    void talksToARealQemu() throws Exception {
        QemuTarget t = RealHost.qemu();
        try (Cleanup c = new Cleanup()) {
            QemuLauncher launcher = new QemuLauncher(c, Duration.ofSeconds(30));
            var st = launcher.start(new QemuLauncher.Spec(t, 2, QemuLauncher.Backend.NULL_CO, QemuLauncher.Placement.AUTO, 0, 128));
            assertInstanceOf(QemuLauncher.Started.class, st, st.toString());
            try (var q = ((QemuLauncher.Started) st).instance()) {
                Qmp qmp = q.qmp();
                assertEquals(t.version(), qmp.version(), "greeting and --version agree");
                JsonObject status = qmp.execute("query-status").getAsJsonObject();
                assertFalse(status.get("running").getAsBoolean(), "started with -S");
                assertEquals("prelaunch", status.get("status").getAsString());

                // asynchronous events arrive between commands and are skipped while waiting for the answer
                qmp.execute("cont");
                qmp.execute("stop");
                assertTrue(qmp.events().stream().anyMatch(e -> e.get("event").getAsString().equals("STOP")), qmp.events().toString());
                assertFalse(qmp.execute("query-status").getAsJsonObject().get("running").getAsBoolean());

                var err = assertThrows(Qmp.QmpError.class, () -> qmp.execute("no-such-command"));
                assertEquals("CommandNotFound", err.errorClass());
                JsonObject bad = new JsonObject();
                bad.addProperty("driver", "no-such-device");
                assertThrows(Qmp.QmpError.class, () -> qmp.execute("device_add", bad));
                // the connection still works after errors
                assertTrue(qmp.execute("query-block").getAsJsonArray().size() >= 0);
                ProcSample s = q.sample();
                assertTrue(s.fds() >= 8 && s.threads() >= 3 && s.rssMiB() > 5, s.toString());
                assertTrue(q.startMs() > 0 && q.startMs() < 30_000);
            }
        }
    }

    @Test
    void aQemuThatCannotStartIsExplained() throws Exception {
        QemuTarget t = RealHost.qemu();
        try (Cleanup c = new Cleanup()) {
            QemuLauncher launcher = new QemuLauncher(c, Duration.ofSeconds(30));
            // far fewer fds than QEMU needs to come up at all
            var st = launcher.start(new QemuLauncher.Spec(t, 4, QemuLauncher.Backend.FILE, QemuLauncher.Placement.AUTO, 8, 128));
            assertInstanceOf(QemuLauncher.Failed.class, st);
            String why = ((QemuLauncher.Failed) st).reason();
            assertFalse(why.isBlank());
        }
    }
}
