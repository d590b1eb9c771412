package capsim.hostdetect;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.Binder;
import capsim.config.JsonText;
import capsim.config.PositionedJson;
import capsim.model.StackSpec;
import capsim.scenario.ModelFacts;
import capsim.scenario.StepKinds;
import java.util.HashMap;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stack detection reads each @Tunable knob where a running system keeps it, on a made-up machine. */
class StackDetectTest {
    @Test
    void readsVersionsAndConfiguredLimitsAndKeepsTheRestFromTheReference(@TempDir Path root) throws Exception {
        write(root, "etc/libvirt/qemu.conf", "# max_files = 1024\nmax_files = 32768\nmigration_port_max = 49279\n");
        write(root, "etc/libvirt/libvirtd.conf", "max_workers = 64   # more RPC workers\n");
        write(root, "lib/systemd/system/libvirtd.service", "[Service]\nLimitNOFILE=8192\nTasksMax=32768\n");
        // a drop-in wins over the unit; soft:hard gives the soft limit; infinity cannot be held
        write(root, "etc/systemd/system/libvirtd.service.d/90-local.conf", "[Service]\nLimitNOFILE=65536:524288\nTasksMax=infinity\n");
        write(root, "etc/ssh/sshd_config", "MaxSessions 30\n");
        Map<String, String> installed = Map.of("qemu-system-x86", "1:8.2.2+ds-0ubuntu1", "libvirt-daemon", "10.0.0-2ubuntu8",
                "systemd", "255.4-1ubuntu8", "libc6", "2.39-0ubuntu8", "openssh-server", "1:9.6p1-3ubuntu13");
        JsonObject o = detect(root, installed);
        StackSpec s = bind(o);
        assertEquals("8.2", s.qemu().version());
        assertEquals("10.0", s.libvirt().version());
        assertEquals("255", s.machined().version());
        assertEquals("2.39", s.glibc().version());
        assertEquals("9.6", s.ssh().version());
        assertEquals(32768, s.libvirt().qemuMaxFiles());
        assertEquals(49279, s.migration().portMax());
        assertEquals(64, s.libvirt().maxWorkers());
        assertEquals(65536, s.libvirt().daemonNofile(), "the drop-in's soft limit");
        assertEquals(524288, s.libvirt().daemonNofileHard(), "the drop-in's hard limit");
        assertEquals(30, s.ssh().maxSessions());
        StackSpec ref = bindReference();
        assertEquals(ref.libvirt().daemonTasksMax(), s.libvirt().daemonTasksMax(), "TasksMax=infinity keeps the reference's value");
        assertTrue(o.get("note").getAsString().contains("TasksMax = infinity"), o.get("note").getAsString());
        assertEquals(ref.qemu().baseFds(), s.qemu().baseFds(), "measured costs stay the reference's");
        assertEquals(10, ref.qemu().fdsPerNicQueuePair(), "the reference's QEMU 7.2 fact");
        assertEquals(11, s.qemu().fdsPerNicQueuePair(), "the detected QEMU 8.2 takes the 8.0 fact");
        assertTrue(o.getAsJsonObject("libvirt").getAsJsonObject("daemonNofile").get("source").getAsString().contains("90-local.conf"));
    }

    /** RHEL 9's modular daemons: virtqemud enabled, libvirtd not: its unit and virtqemud.conf hold libvirtd's knobs. */
    @Test
    void readsVirtqemudWhereTheModularDaemonsRun(@TempDir Path root) throws Exception {
        write(root, "usr/lib/systemd/system/virtqemud.service", "[Service]\nLimitNOFILE=1024:524288\nTasksMax=32768\n");
        write(root, "usr/lib/systemd/system/libvirtd.service", "[Service]\nLimitNOFILE=2048\n");
        write(root, "etc/libvirt/virtqemud.conf", "max_workers = 40\n");
        write(root, "etc/libvirt/libvirtd.conf", "max_workers = 7\n");
        Files.createDirectories(root.resolve("etc/systemd/system/sockets.target.wants"));
        Files.createSymbolicLink(root.resolve("etc/systemd/system/sockets.target.wants/virtqemud.socket"), Path.of("/usr/lib/systemd/system/virtqemud.socket"));
        Map<String, String> installed = Map.of("libvirt-daemon", "10.0.0-6.el9");
        JsonObject o = detect(root, installed);
        StackSpec s = bind(o);
        assertEquals(capsim.model.libvirt.LibvirtDaemon.VIRTQEMUD, s.libvirt().daemon());
        assertEquals(1024, s.libvirt().daemonNofile(), "the unit's soft limit as written");
        assertEquals(524288, s.libvirt().daemonNofileHard(), "and its hard one");
        assertEquals(524288, s.libvirt().effectiveNofile(), "libvirt 10.0 raises the soft limit to the hard one (the facts)");
        assertEquals(40, s.libvirt().maxWorkers(), "virtqemud.conf, not libvirtd.conf");
        assertTrue(o.getAsJsonObject("libvirt").getAsJsonObject("daemonNofile").get("source").getAsString().contains("virtqemud.service"));
    }

    @Test
    void packageVersionsShortenToTheStacksForm() {
        assertEquals("7.2", StackDetect.shortVersion("qemu", "1:7.2+dfsg-7+deb12u18+b3"));
        assertEquals("252", StackDetect.shortVersion("machined", "252.38-1~deb12u1"));
        assertEquals("9.2", StackDetect.shortVersion("ssh", "1:9.2p1-2+deb12u3"));
        assertEquals("2.36", StackDetect.shortVersion("glibc", "2.36-9+deb12u14"));
    }

    /** Detection on the made-up machine {@code root} with debian12.json as the reference. */
    private static JsonObject detect(Path root, Map<String, String> installed) throws Exception {
        return new StackDetect(root, p -> Optional.ofNullable(installed.get(p)), "test").detect(Path.of("models/stacks/debian12.json"));
    }

    /** A detected stack as an experiment gets it: facts filled by its versions, then bound. */
    private static StackSpec bind(JsonObject detected) {
        PositionedJson doc = PositionedJson.parse("detected.json", JsonText.PRETTY.toJson(detected));
        ModelFacts.fillStack(doc.root().getAsJsonObject(), Path.of("models/stacks/debian12.json"), "detected.json", new HashMap<>());
        return StepKinds.binder(doc.origins(""), doc.file()).bind(doc.root(), StackSpec.class);
    }

    private static StackSpec bindReference() throws Exception {
        PositionedJson doc = PositionedJson.parse("debian12.json", Files.readString(Path.of("models/stacks/debian12.json")));
        ModelFacts.fillStack(doc.root().getAsJsonObject(), Path.of("models/stacks/debian12.json"), "debian12.json", new HashMap<>());
        return StepKinds.binder(doc.origins(""), doc.file()).bind(doc.root(), StackSpec.class);
    }

    private static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
