package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.Binder;
import capsim.config.Default;
import capsim.config.InputException;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.model.common.Step;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step registry: every kind binds from its JSON, the schema lists exactly them, a typo is answered with the closest kind. */
class StepKindsTest {
    @TempDir
    Path dir;

    private Path write(String steps) throws IOException {
        Path p = dir.resolve("exp.json");
        Files.writeString(p, """
                {
                  "name": "t",
                  "host": "models/hosts/z13-lpar.json",
                  "stack": "models/stacks/s390-2015-fixed.json",
                  "steps": [
                    { "kind": "define", "count": 4 },
                    { "kind": "start", "count": 2 },
                %s
                  ]
                }
                """.formatted(steps));
        return p;
    }

    /** The smallest JSON for a record: its kind and a value within range for each required key. */
    private static JsonObject minimal(Class<?> type) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", type.getAnnotation(Kind.class).value());
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAnnotation(Default.class) != null) continue;
            Class<?> t = c.getType();
            Range r = c.getAnnotation(Range.class);
            double v = r == null ? 1 : Math.max(1, r.min());
            if (t == int.class || t == long.class) o.addProperty(c.getName(), (long) v);
            else if (t == double.class) o.addProperty(c.getName(), v);
            else if (t == boolean.class) o.addProperty(c.getName(), false);
            else if (t == String.class) o.addProperty(c.getName(), "x");
            else if (t == List.class) o.add(c.getName(), new JsonArray());
            else if (t.isEnum()) o.addProperty(c.getName(), Binder.enumName((Enum<?>) t.getEnumConstants()[0]));
            else fail("no sample value for " + type.getSimpleName() + "." + c.getName() + " of " + t);
        }
        return o;
    }

    @Test
    void everyRegisteredKindBindsFromItsJson() throws IOException {
        assertFalse(StepKinds.ALL.isEmpty());
        for (Class<? extends Step> kind : StepKinds.ALL) {
            Experiment e = ExperimentLoader.load(write(minimal(kind).toString()), Map.of()).experiment();
            assertEquals(3, e.steps().size());
            assertSame(kind, e.steps().get(2).getClass(), kind.getSimpleName());
        }
    }

    @Test
    void kindNamesAreUniqueAndTheSchemaListsExactlyThem() {
        List<String> names = new ArrayList<>();
        for (Class<? extends Step> k : StepKinds.ALL) names.add(k.getAnnotation(Kind.class).value());
        assertEquals(names.size(), names.stream().distinct().count(), "duplicate kind in " + names);
        assertEquals(names, List.copyOf(StepKinds.byKind().keySet()));

        JsonObject schema = ExperimentFileSchema.schema();
        JsonArray branches = schema.getAsJsonObject("properties").getAsJsonObject("steps").getAsJsonObject("items").getAsJsonArray("allOf");
        List<String> inSchema = new ArrayList<>();
        for (JsonElement s : branches) {
            inSchema.add(s.getAsJsonObject().getAsJsonObject("then").getAsJsonObject("properties").getAsJsonObject("kind").get("const").getAsString());
        }
        assertEquals(names, inSchema);
    }

    /** Every model number marked as read only by some step kinds names kinds that exist. */
    @Test
    void readByStepsNamesRegisteredKinds() {
        int marked = 0;
        for (Class<?> spec : List.of(capsim.model.libvirt.LibvirtSpec.class, capsim.model.qemu.QemuSpec.class, capsim.model.host.CpuSpec.class)) {
            for (RecordComponent c : spec.getRecordComponents()) {
                capsim.config.ReadBySteps r = c.getAnnotation(capsim.config.ReadBySteps.class);
                if (r == null) continue;
                marked++;
                for (String k : r.value()) assertTrue(StepKinds.byKind().containsKey(k), spec.getSimpleName() + "." + c.getName() + ": " + k);
            }
        }
        // churn's four (stopMs, destroyMs, undefineMs, guestShutdownS) and the CPU costs only load and device-events read (five)
        assertEquals(9, marked);
    }

    @Test
    void anUnknownKindNamesItsPathLineAndTheClosestKind() throws IOException {
        Path p = write("    { \"kind\": \"hotplgu\", \"count\": 3 }");
        InputException e = assertThrows(InputException.class, () -> ExperimentLoader.load(p, Map.of()));
        assertEquals("steps[2].kind", e.path());
        assertEquals(8, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown kind \"hotplgu\"; did you mean \"hotplug\"?"), e.getMessage());
        for (String k : StepKinds.byKind().keySet()) assertTrue(e.getMessage().contains(k), k + " in " + e.getMessage());
    }

    @Test
    void aStepChecksItselfAgainstTheStepsBefore() throws IOException {
        // 4 defined, 2 started by the file's own steps: a third step starting 3 more is 1 too many
        Path p = write("    { \"kind\": \"start\", \"count\": 3 }");
        InputException e = assertThrows(InputException.class, () -> ExperimentLoader.load(p, Map.of()));
        assertEquals("steps[2].count", e.path());
        assertTrue(e.getMessage().contains("starts 5 guests in all but only 4 are defined by earlier steps; allowed 1 .. 2"), e.getMessage());
    }

    @Test
    void aWaitStepLetsExactlyItsTimePass() throws IOException {
        RunResult without = ExperimentRunner.run(ExperimentLoader.load(write("    { \"kind\": \"define\", \"count\": 1 }"), Map.of()).experiment(), 1);
        RunResult with = ExperimentRunner.run(ExperimentLoader.load(write("    { \"kind\": \"wait\", \"seconds\": 250 }"), Map.of()).experiment(), 1);
        double defineS = without.metrics().get("sim.timeS") - lastStartEnd(without);
        assertEquals(lastStartEnd(with) + 250, with.metrics().get("sim.timeS"), 1e-9);
        assertTrue(defineS > 0, "the define step takes time: " + defineS);
        assertEquals(3, with.metrics().get("steps.completed"));
        assertEquals(2, with.metrics().get("guests.started"));
    }

    private static double lastStartEnd(RunResult r) {
        double t = 0;
        for (var row : r.guests()) t = Math.max(t, row.endedS());
        return t;
    }
}
