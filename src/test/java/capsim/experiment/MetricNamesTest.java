package capsim.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capsim.config.InputException;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
    private static final Experiment QUICKSTART = ExperimentLoader.load(Path.of("experiments/quickstart.json"), Map.of()).experiment();

    /** Every metric the recorded baseline runs report (an independent record of real outputs) is in a known family. */
    @Test
    void everyReportedMetricIsInAKnownFamily() throws IOException {
        TreeSet<String> outside = new TreeSet<>();
        int names = 0;
        try (Stream<Path> runs = Files.list(Path.of("scripts/behaviour-baseline/run"))) {
            for (Path run : (Iterable<Path>) runs::iterator) {
                var metrics = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject().getAsJsonObject("metrics");
                for (String m : metrics.keySet()) {
                    names++;
                    if (!MetricNames.FAMILIES.contains(m.split("\\.")[0])) outside.add(m);
                }
            }
        }
        assertTrue(names > 1000, names + " names");
        assertEquals(new TreeSet<>(), outside);
    }

    @Test
    void anUnknownNameIsRefusedWithTheNearestKnownOne() {
        InputException e = assertThrows(InputException.class,
                () -> MetricNames.check(List.of("guests.started", "hw.libvirtd.nofle"), List.of(QUICKSTART), null));
        assertEquals("--metric hw.libvirtd.nofle", e.file());
        assertTrue(e.problem().contains("did you mean \"hw.libvirtd.nofile\""), e.problem());
        assertThrows(InputException.class, () -> MetricNames.check(List.of("no.such.metric"), List.of(QUICKSTART), null));
        // reported only once guests stopped: not known before the run, in a family, no typo of a known name
        assertDoesNotThrow(() -> MetricNames.check(List.of("guests.stopped", "start.latency.p95S"), List.of(QUICKSTART), null));
    }

    @Test
    void aBatchOverAQuotaIsRefusedWithoutOverflow() {
        List<JsonElement> many = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) many.add(new JsonPrimitive(i));
        List<Axis> two = List.of(new Axis(List.of("seed"), many), new Axis(List.of("guest.vcpus"), many));
        InputException e = assertThrows(InputException.class, () -> BatchPlan.checkQuotas(two, 1, 3, "s.json", "axes", 4));
        assertTrue(e.getMessage().startsWith("s.json:4: axes: 2,500,000,000 points (50,000 x 50,000)"), e.getMessage());
        List<Axis> hundredOne = List.of(new Axis(List.of("seed"), many.subList(0, 101)));
        assertDoesNotThrow(() -> BatchPlan.checkQuotas(hundredOne.subList(0, 1), 1, 990, "s.json", "axes", 4));
        InputException runs = assertThrows(InputException.class, () -> BatchPlan.checkQuotas(hundredOne, 1, 1000, "s.json", "axes", 4));
        assertTrue(runs.problem().contains("101,000 runs is over the quota of 100,000 runs"), runs.problem());
    }
}
