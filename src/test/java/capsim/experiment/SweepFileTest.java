package capsim.experiment;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFileTest {
    @TempDir
    Path tmp;

    @Test
    void theCommittedSweepFileBindsAndFindsItsExperimentBesideIt() {
        SweepFile.Read r = SweepFile.read(Path.of("experiments/sweeps/seed-host-guests.json"));
        assertEquals(Path.of("experiments/seed-host-guests.json"), r.experiment());
        assertEquals(1, r.axes().size());
        assertEquals(List.of("steps[0].count", "steps[1].count"), r.axes().get(0).paths());
        // 256..8192*2: 256, 512, ..., 8192
        List<JsonPrimitive> expected = List.of(256, 512, 1024, 2048, 4096, 8192).stream().map(v -> new JsonPrimitive((long) v)).toList();
        assertEquals(expected, r.axes().get(0).values());
        assertEquals(3, r.file().replications());
        assertNull(r.file().seed());
    }

    private InputException bad(String text) throws Exception {
        Path f = tmp.resolve("sweep.json");
        Files.writeString(f, text);
        return assertThrows(InputException.class, () -> SweepFile.read(f));
    }

    @Test
    void anUnknownKeyNamesFileLineAndTheClosestKey() throws Exception {
        InputException e = bad("""
                {
                  "experiment": "%s",
                  "axes": [{"path": "guest.disks", "values": [1, 2]}],
                  "replicatoins": 2
                }
                """.formatted(Path.of("experiments/quickstart.json").toAbsolutePath()));
        assertEquals("replicatoins", e.path());
        assertEquals(4, e.line());
        assertTrue(e.file().endsWith("sweep.json"), e.file());
        assertTrue(e.problem().contains("did you mean \"replications\""), e.problem());
    }

    @Test
    void badValuesAndRangesNameTheirPath() throws Exception {
        String exp = Path.of("experiments/quickstart.json").toAbsolutePath().toString();
        InputException zero = bad("{\"experiment\": \"" + exp + "\", \"axes\": [], \"replications\": 0}");
        assertEquals("replications", zero.path());
        InputException down = bad("{\"experiment\": \"" + exp + "\",\n \"axes\": [{\"path\": \"guest.disks\",\n \"values\": \"8..2\"}]}");
        assertEquals("axes[0].values", down.path());
        assertEquals(3, down.line());
        assertTrue(down.problem().contains("goes down"), down.problem());
        InputException axisKey = bad("{\"experiment\": \"" + exp + "\", \"axes\": [{\"paths\": \"guest.disks\", \"values\": [1]}]}");
        assertEquals("axes[0].paths", axisKey.path());
        InputException missing = bad("{\"experiment\": \"no-such-experiment.json\", \"axes\": []}");
        assertEquals("experiment", missing.path());
    }
}
