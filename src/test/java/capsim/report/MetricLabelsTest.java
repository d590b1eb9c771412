package capsim.report;

import static org.junit.jupiter.api.Assertions.*;

import capsim.measure.Metric;
import capsim.measure.Unit;
import com.google.gson.JsonParser;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names and units as a reader sees them: words for metric and column names, readable units, axis titles from the step kinds. */
class MetricLabelsTest {
    @Test
    void aMetricReadsAsWordsWithoutItsUnitSuffix() {
        assertEquals("start latency p95", MetricLabels.title(Metric.time("start.latency.p95S", Unit.S)));
        assertEquals("simulated time", MetricLabels.title(Metric.time("sim.timeS", Unit.S)));
        assertEquals("QEMU commit per process", MetricLabels.title(Metric.amount("qemu.commit.perProcessMiB", Unit.MIB)));
        assertEquals("host.memory in use (peak)", MetricLabels.title(Metric.highWater("host.memory", Unit.MIB)));
        assertEquals("kernel.pid_max limit", MetricLabels.title(Metric.limit("kernel.pid_max", Unit.COUNT)));
        // the suffix goes only when it is the unit: a count named "...S" keeps its letters
        assertEquals("standalone", MetricLabels.words("standaloneS", Unit.S));
        assertEquals("RAM", MetricLabels.words("ramGiB", Unit.GIB));
        assertEquals("guests", MetricLabels.words("guests", Unit.COUNT));
        assertEquals("start latency p95 (s)", MetricLabels.axisTitle(Metric.time("start.latency.p95S", Unit.S), Unit.S));
        assertEquals("guests", MetricLabels.withUnit("guests", Unit.COUNT));
    }

    @Test
    void largeMemoryReadsInGibOrTib() {
        // 3,000,000 MiB is 2,929.7 GiB: below 10 TiB it stays in GiB
        Readable r = Readable.of(Unit.MIB, 3_000_000);
        assertEquals(Unit.GIB, r.unit());
        assertEquals(3_000_000 / 1024.0, r.of(3_000_000), 1e-9);
        assertEquals(Unit.TIB, Readable.of(Unit.GIB, 10_240).unit());
        // small figures stay in their unit
        assertEquals(Unit.MIB, Readable.of(Unit.MIB, 1124).unit());
        assertEquals("1,008 GiB", Readable.of(Unit.MIB, 1_032_192).text(1_032_192));
    }

    @Test
    void timesReadInTheirSpan() {
        assertEquals(Unit.H, Readable.of(Unit.S, 52_428.8).unit());
        assertEquals(52_428.8 / 3600, Readable.of(Unit.S, 52_428.8).of(52_428.8), 1e-9);
        assertEquals(Unit.MS, Readable.of(Unit.S, 0.07).unit());
        assertEquals(Unit.S, Readable.of(Unit.H, 0.0405).unit());
        assertEquals(Unit.COUNT, Readable.of(Unit.COUNT, 1e9).unit());
    }

    @Test
    void anAxisOverStepCountsReadsAsWhatIsCounted() {
        JsonObject exp = JsonParser.parseString("{\"steps\": [{\"kind\": \"define\", \"count\": 8}, {\"kind\": \"start\", \"count\": 8},"
                + " {\"kind\": \"hotplug\", \"count\": 4}]}").getAsJsonObject();
        assertEquals("guests", PathTitles.of(exp, List.of("steps[0].count", "steps[1].count")));
        assertEquals("guests to start", PathTitles.of(exp, "steps[1].count"));
        assertEquals("devices to plug", PathTitles.of(exp, "steps[2].count"));
        // a knob reads as its name and unit, a field with its unit written in its description as "(unit)"
        assertEquals("host RAM (GiB)", PathTitles.of(exp, "host.ramGiB"));
        assertEquals("guest RAM as configured (MiB)", PathTitles.of(exp, "guest.memoryMiB"));
        // what the records do not describe reads as itself
        assertEquals("steps[7].count", PathTitles.of(exp, "steps[7].count"));
        assertEquals("no.such.path", PathTitles.of(exp, "no.such.path"));
        // tied paths that count different things name both
        assertEquals("guests to define = devices to plug", PathTitles.of(exp, List.of("steps[0].count", "steps[2].count")));
    }
}
