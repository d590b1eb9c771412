package capsim.experiment;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import capsim.config.Overrides;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentBuilderTest {
    static final Path QUICKSTART = Path.of("experiments/quickstart.json");

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void fromScratchGivesTheExperimentTheQuickstartFileGives() {
        Experiment file = ExperimentLoader.load(QUICKSTART, Map.of()).experiment();
        Experiment built = ExperimentBuilder.create("quickstart")
                .description("Define and start 400 small guests on the seed host (z13 LPAR) with the fixed 2015 stack, 8 starts in flight.")
                .seed(1)
                .host(Path.of("models/hosts/z13-lpar.json"))
                .stack(Path.of("models/stacks/s390-2015-fixed.json"))
                .guest(json("{\"memoryMiB\": 1024, \"touchedMiB\": 300, \"vcpus\": 2, \"disks\": 1, \"nics\": 1}"))
                .step(json("{\"kind\": \"define\", \"count\": 400, \"concurrency\": 8}"))
                .step(json("{\"kind\": \"start\", \"count\": 400, \"concurrency\": 8}"))
                .build();
        assertEquals(file, built);
    }

    @Test
    void fromAFileWithOverridesGivesWhatLoadingWithThoseOverridesGives() {
        List<String> sets = List.of("host=models/hosts/x86-2s-2024.json", "guest.disks=4", "steps[1].concurrency=2");
        ExperimentLoader.Loaded loaded = ExperimentLoader.load(QUICKSTART, Overrides.parseSets(sets, "--set"));
        ExperimentLoader.Loaded built = ExperimentBuilder.from(QUICKSTART)
                .set("host", "models/hosts/x86-2s-2024.json").set("guest.disks", 4).set("steps[1].concurrency", 2).loaded();
        assertEquals(loaded.experiment(), built.experiment());
        assertEquals(loaded.resolved(), built.resolved());
        assertEquals(4, built.experiment().guest().disks());
        assertEquals("models/hosts/x86-2s-2024.json", built.experiment().hostFile());
    }

    @Test
    void copiesAreIndependentAndAnInMemoryModelIsBoundLikeAFileOne() throws Exception {
        ExperimentBuilder base = ExperimentBuilder.from(QUICKSTART);
        ExperimentBuilder more = base.copy().set("guest.disks", 3);
        assertEquals(1, base.build().guest().disks());
        assertEquals(3, more.build().guest().disks());

        JsonObject host = json(Files.readString(Path.of("models/hosts/x86-2s-2024.json")));
        Experiment inMemory = base.copy().host(host).build();
        Experiment fromFile = base.copy().host(Path.of("models/hosts/x86-2s-2024.json")).build();
        assertEquals(fromFile.host(), inMemory.host());
    }

    @Test
    void buildValidatesAsStrictlyAsTheLoader() {
        InputException e = assertThrows(InputException.class, () -> ExperimentBuilder.from(QUICKSTART).set("guest.diskz", 2).build());
        assertTrue(e.getMessage().contains("guest.diskz"), e.getMessage());
        InputException noSteps = assertThrows(InputException.class, () -> ExperimentBuilder.create("x")
                .host(Path.of("models/hosts/z13-lpar.json")).stack(Path.of("models/stacks/s390-2015-fixed.json")).build());
        assertTrue(noSteps.getMessage().contains("steps"), noSteps.getMessage());
    }
}
