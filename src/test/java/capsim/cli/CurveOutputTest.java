package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveOutputTest {
    @TempDir
    Path out;

    @Test
    void aStepsCurveIsWrittenAsCsvInTheResultsFolderAndIsDeterministic() throws Exception {
        var a = Cli.cli("run", "experiments/f21-hotplug-1000-virtio-net-per-route.json", "--json", "--out", out.toString());
        var b = Cli.cli("run", "experiments/f21-hotplug-1000-virtio-net-per-route.json", "--json", "--out", out.toString());
        assertEquals(1, a.exit(), a.stderr());
        Path da = Path.of(JsonParser.parseString(a.stdout()).getAsJsonObject().get("resultsDir").getAsString());
        Path db = Path.of(JsonParser.parseString(b.stdout()).getAsJsonObject().get("resultsDir").getAsString());
        List<String> lines = Files.readAllLines(da.resolve("curve-hotplug.csv"));
        assertEquals("device,devicesPresent,routesBefore,deviceMs,routingMs,commits,withoutIrqfd", lines.get(0));
        assertEquals(1001, lines.size());
        assertArrayEquals(Files.readAllBytes(da.resolve("curve-hotplug.csv")), Files.readAllBytes(db.resolve("curve-hotplug.csv")));
        assertArrayEquals(Files.readAllBytes(da.resolve("summary.json")), Files.readAllBytes(db.resolve("summary.json")));
    }
}
