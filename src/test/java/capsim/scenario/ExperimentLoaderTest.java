package capsim.scenario;

import capsim.config.Overrides;
import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {
              "name": "t",
              "host": "models/hosts/z13-lpar.json",
              "stack": "models/stacks/s390-2015-fixed.json",
              "guest": { "vcpus": 2 },
              "steps": [
                { "kind": "define", "count": 10 },
                { "kind": "start", "count": 10, "concurrency": 2 }
              ]
            }
            """;

    private Path write(String text) throws IOException {
        Path p = dir.resolve("exp.json");
        Files.writeString(p, text);
        return p;
    }

    private InputException bad(String text, String... sets) throws IOException {
        Path p = write(text);
        return assertThrows(InputException.class, () -> ExperimentLoader.load(p, Overrides.parseSets(List.of(sets), "--set")));
    }

    @Test
    void loadsAGoodFileWithModelsAndDefaults() throws IOException {
        var loaded = ExperimentLoader.load(write(GOOD), Overrides.parseSets(List.of(), "--set"));
        assertEquals("t", loaded.experiment().name());
        assertEquals(64, loaded.experiment().host().cpus());
        assertEquals(1, loaded.experiment().guest().disks(), "default from @Default");
        assertEquals(2, loaded.experiment().steps().size());
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        InputException e = bad("{\n  \"name\": \"t\",\n  \"host\": \n}\n");
        assertTrue(e.file().endsWith("exp.json"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void unknownKeyNamesPathLineAndClosestKey() throws IOException {
        InputException e = bad(GOOD.replace("\"concurrency\": 2", "\"concurency\": 2"));
        assertEquals("steps[1].concurency", e.path());
        assertEquals(8, e.line());
        assertTrue(e.getMessage().contains("did you mean \"concurrency\""), e.getMessage());
    }

    @Test
    void wrongTypeNamesPathAndExpectedType() throws IOException {
        InputException e = bad(GOOD.replace("\"vcpus\": 2", "\"vcpus\": \"two\""));
        assertEquals("guest.vcpus", e.path());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("expected a whole number"), e.getMessage());
    }

    @Test
    void outOfRangeNamesTheAllowedRange() throws IOException {
        InputException e = bad(GOOD.replace("\"count\": 10 }", "\"count\": 0 }"));
        assertEquals("steps[0].count", e.path());
        assertTrue(e.getMessage().contains("out of range; allowed 1 .. 10000000"), e.getMessage());
    }

    @Test
    void missingModelFileIsNamed() throws IOException {
        InputException e = bad(GOOD.replace("z13-lpar.json", "nope.json"));
        assertEquals("host", e.path());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("host model file not found: models/hosts/nope.json"), e.getMessage());
    }

    @Test
    void errorsInsideAModelFileNameThatFile() throws IOException {
        Path models = dir.resolve("h.json");
        String host = Files.readString(Path.of("models/hosts/z13-lpar.json")).replace("\"arch\": \"s390x\"", "\"arch\": \"s390\"");
        Files.writeString(models, host);
        InputException e = bad(GOOD.replace("models/hosts/z13-lpar.json", models.toString()));
        assertEquals(models.toString(), e.file());
        assertEquals("host.arch", e.path());
        assertTrue(e.line() > 0);
        assertTrue(e.getMessage().contains("did you mean \"s390x\""), e.getMessage());
    }

    @Test
    void overridesApplyAndBadOnesAreNamed() throws IOException {
        Path p = write(GOOD);
        var loaded = ExperimentLoader.load(p, Overrides.parseSets(List.of("host.sysctl.aioMaxNr=1048576", "guest.disks=4"), "--set"));
        assertEquals(1048576, loaded.experiment().host().sysctl().aioMaxNr());
        assertEquals(4, loaded.experiment().guest().disks());
        InputException e = assertThrows(InputException.class, () -> ExperimentLoader.load(p, Overrides.parseSets(List.of("guest.vcpus=0"), "--set")));
        assertTrue(e.file().startsWith("--set guest.vcpus=0"), e.getMessage());
        InputException e2 = assertThrows(InputException.class, () -> ExperimentLoader.load(p, Overrides.parseSets(List.of("hots.cpus=4"), "--set")));
        assertTrue(e2.getMessage().contains("does not exist"), e2.getMessage());
    }

    @Test
    void startingMoreGuestsThanDefinedIsBadInput() throws IOException {
        InputException e = bad(GOOD.replace("\"count\": 10, \"concurrency\": 2", "\"count\": 11, \"concurrency\": 2"));
        assertEquals("steps[1].count", e.path());
        assertEquals(8, e.line());
    }

    @Test
    void duplicateKeysAreRejected() throws IOException {
        InputException e = bad(GOOD.replace("\"name\": \"t\",", "\"name\": \"t\", \"name\": \"u\","));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
    }
}
