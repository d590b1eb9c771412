package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import capsim.config.Overrides;
import capsim.config.PositionedJson;
import capsim.config.VersionFacts;
import capsim.model.qemu.QemuFootprint;
import capsim.model.qemu.QemuSpec;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QEMU facts table fills a stack's version-dependent numbers by stack.qemu.version. */
class ModelFactsTest {
    @TempDir
    Path dir;

    /** One guest with 2 vCPUs, 3 disks (aio=threads) and 4 NICs of 2 queue pairs on the x86 host. */
    private static String experiment(String stack) {
        return """
                {
                  "name": "facts",
                  "host": "models/hosts/x86-2s-2024.json",
                  "stack": "%s",
                  "guest": { "vcpus": 2, "disks": 3, "nics": 4, "nicQueues": 2 },
                  "steps": [ { "kind": "define", "count": 1 }, { "kind": "start", "count": 1 } ]
                }
                """.formatted(stack);
    }

    private ExperimentLoader.Loaded load(String stack, String... sets) throws IOException {
        Path p = dir.resolve("exp.json");
        Files.writeString(p, experiment(stack));
        return ExperimentLoader.load(p, Overrides.parseSets(List.of(sets), "--set"));
    }

    private static long fdsTotal(ExperimentLoader.Loaded l) {
        var e = l.experiment();
        return QemuFootprint.of(e.host(), e.stack().qemu(), e.stack().glibc(), e.guest()).fdsTotal();
    }

    @Test
    void aFactAppliesByVersion() throws IOException {
        QemuSpec q72 = load("models/stacks/debian12.json").experiment().stack().qemu();
        assertEquals(10, q72.fdsPerNicQueuePair());
        assertEquals(0, q72.fdsPerNicDevice());
        assertEquals(1, q72.fdsPerVcpu());
        assertEquals(4, q72.nicDriverStartFdsPerQueuePair());

        var l82 = load("models/stacks/debian12.json", "stack.qemu.version=\"8.2\"");
        QemuSpec q82 = l82.experiment().stack().qemu();
        assertEquals(11, q82.fdsPerNicQueuePair(), "the 8.0 masked_config notifier per queue pair");
        assertEquals(1, q82.fdsPerNicDevice(), "the 8.0 config irq per device");
        assertEquals(2, q82.fdsPerVcpu(), "the 8.1 stats fd");
        assertEquals(5, q82.nicDriverStartFdsPerQueuePair());
        var ubuntu = load("models/stacks/ubuntu-24.04.json");
        assertEquals("8.2", ubuntu.experiment().stack().qemu().version());
        assertEquals(q82.toString(), ubuntu.experiment().stack().qemu().toString(), "ubuntu-24.04's QEMU is debian12's on 8.2");

        // by hand: base 16 + vCPUs 2 x fdsPerVcpu + console 1; disks 3 x (image 1 + 2 queues x 2
        // + the config-interrupt notifier from 8.0); NICs 4 x (2 pairs x fdsPerNicQueuePair + fdsPerNicDevice)
        assertEquals(98, fdsTotal(load("models/stacks/debian12.json", "stack.qemu.version=\"7.0\"")), "19 + 15 + 4 x 16");
        assertEquals(114, fdsTotal(load("models/stacks/debian12.json")), "19 + 15 + 4 x 20");
        assertEquals(131, fdsTotal(l82), "21 + 3 x 6 + 4 x 23");
        assertEquals(1, q82.fdsPerDiskDevice(), "the 8.0 config notifier per virtio-blk disk");
    }

    /** A version typed as a number on the command line is the text it was written as: 7.10 is not 7.1. */
    @Test
    void aVersionGivenAsANumberIsItsText() throws IOException {
        assertEquals("8.2", load("models/stacks/debian12.json", "stack.qemu.version=8.2").experiment().stack().qemu().version());
        var q710 = load("models/stacks/debian12.json", "stack.qemu.version=7.10").experiment().stack().qemu();
        assertEquals("7.10", q710.version());
        assertEquals(10, q710.fdsPerNicQueuePair(), "7.10 lies in [7.1, 8.0)");
    }

    @Test
    void aNumberTheFileWritesOverridesItsFactAndKeepsItsSource() throws IOException {
        JsonObject stack = JsonParser.parseString(Files.readString(Path.of("models/stacks/debian12.json"))).getAsJsonObject();
        JsonObject own = new JsonObject();
        own.addProperty("value", 12);
        own.addProperty("source", "measured on my host");
        stack.getAsJsonObject("qemu").add("fdsPerNicQueuePair", own);
        Path file = dir.resolve("mine.json");
        Files.writeString(file, stack.toString());
        var l = load(file.toString(), "stack.qemu.version=\"8.2\"");
        assertEquals(12, l.experiment().stack().qemu().fdsPerNicQueuePair());
        assertEquals(1, l.experiment().stack().qemu().fdsPerNicDevice(), "the other facts still apply");
        JsonObject resolved = l.resolved().getAsJsonObject("stack").getAsJsonObject("qemu");
        assertEquals("measured on my host", resolved.getAsJsonObject("fdsPerNicQueuePair").get("source").getAsString());

        var set = load("models/stacks/debian12.json", "stack.qemu.fdsPerNicQueuePair=9");
        assertEquals(9, set.experiment().stack().qemu().fdsPerNicQueuePair(), "an override is a number written too");
    }

    @Test
    void theResolvedExperimentNamesTheFact() throws IOException {
        JsonObject q = load("models/stacks/debian12.json").resolved().getAsJsonObject("stack").getAsJsonObject("qemu");
        JsonObject f = q.getAsJsonObject("fdsPerNicQueuePair");
        assertEquals(10, f.get("value").getAsInt());
        String source = f.get("source").getAsString();
        assertTrue(source.startsWith("fact fdsPerNicQueuePair for QEMU >=7.1 <8.0: "), source);
        assertTrue(source.contains("ae50ae0b91"), source);
        assertTrue(q.getAsJsonObject("aioMaxEvents").get("source").getAsString().startsWith("fact aioMaxEvents for QEMU >=5.0: "));
    }

    @Test
    void aVersionOutsideEveryRangeFailsWithTheKnownRanges() throws IOException {
        InputException e = assertThrows(InputException.class, () -> load("models/stacks/debian12.json", "stack.qemu.version=\"1.0\""));
        assertTrue(e.file().startsWith("models/stacks/debian12.json"), e.file());
        assertEquals("stack.qemu.version", e.path());
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line");
        assertTrue(m.contains("QEMU 1.0 is outside every known range of fact baseThreads"), m);
        assertTrue(m.contains("(>=2.3 <2.12, >=2.12)"), m);
        assertTrue(m.contains("--set stack.qemu.baseThreads=VALUE"), m);
    }

    @Test
    void theTableIsStrictAndNamesOnlyQemuSpecFields() {
        VersionFacts facts = ModelFacts.table(List.of(Path.of("models/stacks/debian12.json")), "qemu.json");
        Set<String> fields = Arrays.stream(QemuSpec.class.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
        for (String f : facts.fields()) assertTrue(fields.contains(f), f + " is a QemuSpec field");
        for (var fact : facts.facts()) {
            assertFalse(capsim.analysis.Sensitivity.CANDIDATE.matcher(fact.source()).find(), "a fact is no estimate: " + fact.source());
        }
        InputException overlap = assertThrows(InputException.class, () -> VersionFacts.of(PositionedJson.parse("f.json", """
                {"product": "QEMU", "version": "stack.qemu.version", "fills": "stack.qemu", "facts": [
                  {"field": "x", "from": "2.3", "before": "7.1", "value": 8, "source": "a"},
                  {"field": "x", "from": "7.0", "value": 10, "source": "b"}]}
                """), Map.of()));
        assertTrue(overlap.getMessage().contains("overlaps >=2.3 <7.1"), overlap.getMessage());
        assertEquals(1, VersionFacts.compare("7.10", "7.2"));
        assertEquals(0, VersionFacts.compare("7.2", "7.2.0"));
        assertTrue(new VersionFacts.Fact("x", "7.1", "8.0", Map.of(), null, null, Map.of(), "", 0).covers("7.2.22"));
    }
}
