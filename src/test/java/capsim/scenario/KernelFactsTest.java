package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import capsim.config.Overrides;
import capsim.config.VersionFacts;
import capsim.model.host.HostSpec;
import capsim.model.host.SysctlSpec;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel, systemd, libvirt, OpenSSH and glibc facts tables: formulas checked against figures
 * that did not come from them (the seed talk's host, /proc of the development VM), versions
 * that switch a fact, and every table naming only fields the model has.
 */
class KernelFactsTest {
    @TempDir
    Path dir;

    private ExperimentLoader.Loaded load(String host, String stack, String... sets) throws IOException {
        Path p = dir.resolve("exp.json");
        Files.writeString(p, """
                {"name": "kfacts", "host": "%s", "stack": "%s",
                 "guest": { "vcpus": 1, "disks": 1, "nics": 1 },
                 "steps": [ { "kind": "define", "count": 1 }, { "kind": "start", "count": 1 } ]}
                """.formatted(host, stack));
        return ExperimentLoader.load(p, Overrides.parseSets(List.of(sets), "--set"));
    }

    private static final String X86 = "models/hosts/x86-2s-2024.json";
    private static final String DEBIAN = "models/stacks/debian12.json";

    /** A host file with its sysctls taken out, filled by the kernel facts alone. */
    private static SysctlSpec kernelDefaults(String hostFile) throws IOException {
        JsonObject host = JsonParser.parseString(Files.readString(Path.of(hostFile))).getAsJsonObject();
        JsonObject sysctl = new JsonObject();
        host.add("sysctl", sysctl);
        ModelFacts.fillHost(host, Path.of(hostFile), hostFile, new HashMap<>());
        return new capsim.config.Binder(new HashMap<>(), hostFile).bind(host, HostSpec.class).sysctl();
    }

    private static long written(String hostFile, String field) throws IOException {
        JsonObject s = JsonParser.parseString(Files.readString(Path.of(hostFile))).getAsJsonObject().getAsJsonObject("sysctl");
        return s.getAsJsonObject(field).get("value").getAsLong();
    }

    /** The seed host (Linux 4.1, systemd 218/219 which set none of these): its file's figures are the kernel's formulas. */
    @Test
    void theKernelFormulasGiveTheSeedHostsFigures() throws IOException {
        String z13 = "models/hosts/z13-lpar.json";
        SysctlSpec d = kernelDefaults(z13);
        // by hand: 2 TiB / (8 x 16 KiB) = 16,777,216; max(32768, 1024 x 64) = 65,536; 2 TiB in KiB / 10 = 214,748,364
        assertEquals(written(z13, "threadsMax"), d.threadsMax());
        assertEquals(written(z13, "pidMax"), d.pidMax());
        assertEquals(written(z13, "fileMax"), d.fileMax());
        assertEquals(written(z13, "inotifyMaxUserWatches"), d.inotifyMaxUserWatches(), "8192 before 5.11");
        for (String f : List.of("nrOpen", "aioMaxNr", "inotifyMaxUserInstances", "ptyMax", "ptyReserve", "maxMapCount", "overcommitRatio")) {
            assertEquals(written(z13, f), ((Number) component(d, f)).longValue(), f);
        }
    }

    /** The development VM's /proc figures (kernel 6.18, 23.541 GiB, 2 CPUs, no systemd as PID 1), measured by host detect. */
    @Test
    void theKernelFormulasGiveTheMeasuredVmWithinItsBootReserve() throws IOException {
        String vm = "models/hosts/calibrated-vm.json";
        SysctlSpec d = kernelDefaults(vm);
        assertEquals(written(vm, "pidMax"), d.pidMax(), "max(32768, 1024 x 2)");
        assertEquals(written(vm, "nrOpen"), d.nrOpen());
        // RAM as MemTotal slightly overstates what the kernel counted at boot: within 0.2 %
        for (String f : List.of("threadsMax", "fileMax", "inotifyMaxUserWatches")) {
            double measured = written(vm, f);
            double derived = ((Number) component(d, f)).doubleValue();
            assertTrue(derived >= measured && derived / measured - 1 < 0.002, f + ": derived " + derived + " vs measured " + measured);
        }
    }

    @Test
    void moreRamRaisesWhatScalesWithRamAndSystemdDecidesTheRest() throws IOException {
        var half = load(X86, DEBIAN, "host.ramGiB=512").experiment().host().sysctl();
        assertEquals(512L * 1024 * 1024 * 1024 / (8 * 16384), half.threadsMax());
        assertEquals(1048576, half.inotifyMaxUserWatches(), "512 GiB / 100 / 1312 B is above the 1048576 ceiling");
        assertEquals(Long.MAX_VALUE, half.fileMax(), "systemd 252 writes LONG_MAX at boot");
        assertEquals(4194304, half.pidMax(), "systemd 252 ships 50-pid-max.conf");

        // systemd 239: no bump, no 50-pid-max.conf: the kernel's own defaults
        var old = load(X86, DEBIAN, "stack.machined.version=\"239\"").experiment().host().sysctl();
        assertEquals(1024L * 1024 * 1024 / 10, old.fileMax(), "1 TiB in KiB / 10");
        assertEquals(1048576, old.nrOpen());
        assertEquals(1024 * 128, old.pidMax(), "1024 x 128 possible CPUs");
        // systemd 242: the bump, not yet the pid_max file
        var mid = load(X86, DEBIAN, "stack.machined.version=\"242\"").experiment().host().sysctl();
        // systemd's loop: INT_MAX down to a pointer multiple, halved until fs/file.c's ceiling INT_MAX & -64 takes it
        long tried = Integer.MAX_VALUE & ~7L;
        while (tried > (Integer.MAX_VALUE & -64L)) tried = (tried / 2) & ~7L;
        assertEquals(tried, mid.nrOpen());
        assertEquals(1024 * 128, mid.pidMax());

        var small = load(X86, DEBIAN, "host.ramGiB=8", "host.kernel=\"5.10\"").experiment().host().sysctl();
        assertEquals(8192, small.inotifyMaxUserWatches(), "8192 before 5.11");
        var small611 = load(X86, DEBIAN, "host.ramGiB=8", "host.kernel=\"6.1\"").experiment().host().sysctl();
        assertEquals(8L * 1024 * 1024 * 1024 / 100 / 1312, small611.inotifyMaxUserWatches());
        // 3.14: the x86 memslot count of that era is not pinned (125 or 509): the user gives it
        var k314 = load(X86, DEBIAN, "host.kernel=\"3.14\"", "host.kvm.userMemslots=125").experiment().host();
        assertEquals(1024L * 1024 * 1024 * 1024 / (8 * 8192), k314.sysctl().threadsMax(), "8 KiB stacks before 3.15");
        assertEquals(capsim.model.host.AioCharging.PER_CPU_MINIMUM, k314.aioCharging());
        assertEquals(1024, k314.kvm().maxIrqRoutes());
        InputException memslots = assertThrows(InputException.class, () -> load(X86, DEBIAN, "host.kernel=\"3.14\""));
        assertTrue(memslots.getMessage().contains("fact kvm.userMemslots"), memslots.getMessage());
    }

    @Test
    void architectureSelectsTheKvmFacts() throws IOException {
        JsonObject z = JsonParser.parseString(Files.readString(Path.of("models/hosts/z13-lpar.json"))).getAsJsonObject();
        z.remove("kvm");
        z.add("kvm", JsonParser.parseString("{\"routingCommit\": " + JsonParser.parseString(Files.readString(Path.of("models/hosts/z13-lpar.json")))
                .getAsJsonObject().getAsJsonObject("kvm").get("routingCommit") + "}"));
        Path f = dir.resolve("z.json");
        Files.writeString(f, z.toString());
        var k41 = load(f.toString(), DEBIAN).experiment().host().kvm();
        assertEquals(4096, k41.irqchipNumPins());
        assertEquals(32, k41.userMemslots());
        assertEquals(4096, k41.maxIrqRoutes());
        assertEquals(1, k41.nrIrqchips());
        var k510 = load(f.toString(), DEBIAN, "host.kernel=\"5.10\"").experiment().host().kvm();
        assertEquals(1, k510.irqchipNumPins(), "774911290c58 in 5.8");
        assertEquals(32, k510.userMemslots());
        assertEquals(32767, load(f.toString(), DEBIAN, "host.kernel=\"5.12\"").experiment().host().kvm().userMemslots());
    }

    @Test
    void aGapBetweenKnownReleasesIsAnErrorThatSaysHowToGoOn() throws IOException {
        InputException gap = assertThrows(InputException.class, () -> load(X86, DEBIAN, "host.kernel=\"4.19\""));
        assertTrue(gap.getMessage().contains("Linux 4.19 is outside every known range of fact kvm.maxIrqRoutes"), gap.getMessage());
        assertTrue(gap.getMessage().contains("--set host.kvm.maxIrqRoutes=VALUE"), gap.getMessage());
        assertEquals(4096, load(X86, DEBIAN, "host.kernel=\"4.19\"", "host.kvm.maxIrqRoutes=4096").experiment().host().kvm().maxIrqRoutes());

        InputException lib = assertThrows(InputException.class, () -> load(X86, DEBIAN, "stack.libvirt.version=\"9.5\""));
        assertTrue(lib.getMessage().contains("libvirt 9.5 is outside every known range of fact daemonNofile"), lib.getMessage());
        assertTrue(lib.getMessage().contains(">=3.2 <9.1, >=9.9"), lib.getMessage());
    }

    @Test
    void libvirtsServiceLimitsFollowItsRelease() throws IOException {
        var l31 = load(X86, DEBIAN, "stack.libvirt.version=\"3.1\"").experiment().stack().libvirt();
        assertEquals(1024, l31.daemonNofile(), "no LimitNOFILE before 3.2");
        assertEquals(0, l31.daemonTasksMax(), "no TasksMax before 3.3");
        var l32 = load(X86, DEBIAN, "stack.libvirt.version=\"3.2\"").experiment().stack().libvirt();
        assertEquals(8192, l32.daemonNofile());
        assertEquals(0, l32.daemonTasksMax());
        var l100 = load(X86, "models/stacks/ubuntu-24.04.json").experiment().stack().libvirt();
        assertEquals(1024, l100.daemonNofile(), "LimitNOFILE=1024:524288");
        assertEquals(524288, l100.effectiveNofile(), "the soft limit raised to the hard one at start");
        assertEquals(32768, l100.daemonTasksMax());
        assertEquals(capsim.model.machined.MessageLoop.PRE_V219,
                load(X86, DEBIAN, "stack.machined.version=\"218\"").experiment().stack().machined().messageLoop());
    }

    @Test
    void rhel9RunsVirtqemudWithTheModernUnitLimitsOnItsKernel() throws IOException {
        var e = load(X86, "models/stacks/rhel9.json", "host.kernel=\"5.14\"").experiment();
        var lv = e.stack().libvirt();
        assertEquals(capsim.model.libvirt.LibvirtDaemon.VIRTQEMUD, lv.daemon());
        assertEquals(524288, lv.effectiveNofile());
        assertEquals(32768, lv.daemonTasksMax());
        assertEquals(10, e.stack().ssh().maxSessions(), "OpenSSH 8.7");
        assertEquals(11, e.stack().qemu().fdsPerNicQueuePair(), "qemu-kvm 8.2");
        // kernel 5.14 on the 1 TiB, 128-CPU host: past 5.11 and 5.12, before 6.4
        assertEquals(1048576, e.host().sysctl().inotifyMaxUserWatches());
        assertEquals(32764, e.host().kvm().userMemslots());
        assertFalse(e.host().vhostWorkersInQemu());
    }

    /** Each table's fields are components of the record its part binds to, and every file in models/facts is a table. */
    @Test
    void everyTableIsListedAndNamesOnlyModelFields() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of(ModelFacts.FACTS_DIR))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toSet());
        }
        assertEquals(files, Set.copyOf(ModelFacts.TABLES), "models/facts holds exactly the tables ModelFacts applies");
        for (VersionFacts t : ModelFacts.tables(List.of(Path.of(DEBIAN)))) {
            assertNotNull(component(Experiment.class, t.versionPath()), t.file() + ": version " + t.versionPath());
            for (String field : t.fields()) {
                assertNotNull(component(Experiment.class, t.fills() + "." + field), t.file() + ": " + t.fills() + "." + field + " is a model field");
            }
            for (var fact : t.facts()) {
                assertFalse(capsim.analysis.Sensitivity.CANDIDATE.matcher(fact.source()).find(), t.file() + ": a fact is no estimate: " + fact.source());
                for (String w : fact.when().keySet()) assertNotNull(component(Experiment.class, w), t.file() + ": condition " + w);
            }
        }
    }

    /** The record component at a dotted path below {@code type}, or null. */
    private static RecordComponent component(Class<?> type, String path) {
        RecordComponent c = null;
        for (String p : path.split("\\.")) {
            if (type == null || !type.isRecord()) return null;
            c = Arrays.stream(type.getRecordComponents()).filter(x -> x.getName().equals(p)).findFirst().orElse(null);
            if (c == null) return null;
            type = c.getType();
        }
        return c;
    }

    private static Object component(Record r, String name) {
        try {
            return Arrays.stream(r.getClass().getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst().orElseThrow().getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
