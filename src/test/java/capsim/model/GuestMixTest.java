package capsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capsim.config.InputException;
import capsim.experiment.ExperimentBuilder;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Guests of several shapes on one host: each guest takes what its own shape takes. */
class GuestMixTest {
    private static final String SMALL = "{\"memoryMiB\": 512, \"vcpus\": 1, \"disks\": 1, \"nics\": 1}";
    private static final String BIG = "{\"memoryMiB\": 8192, \"touchedMiB\": 4096, \"vcpus\": 8, \"disks\": 12, \"nics\": 4, \"nicQueues\": 4}";

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static ExperimentBuilder base() {
        return ExperimentBuilder.create("mix").host(Path.of("models/hosts/x86-2s-2024.json")).stack(Path.of("models/stacks/debian12.json"))
                .guest(json(SMALL)).override("stack.timingSpread", 0);
    }

    private static RunResult run(ExperimentBuilder e) {
        return ExperimentRunner.run(e.build(), 1);
    }

    private static ExperimentBuilder withProfile(ExperimentBuilder e) {
        return e.set("profiles", json("{\"big\": " + BIG + "}"));
    }

    /** What a mix holds is what its parts hold alone: the host's RAM and fds over the host's own use. */
    @Test
    void aMixTakesTheSumOfItsShapes() {
        RunResult none = run(withProfile(base()).step(json("{\"kind\": \"define\", \"count\": 1}")));
        RunResult small = run(withProfile(base()).step(json("{\"kind\": \"define\", \"count\": 10}")).step(json("{\"kind\": \"start\", \"count\": 10}")));
        RunResult big = run(withProfile(base()).step(json("{\"kind\": \"define\", \"count\": 5, \"profile\": \"big\"}"))
                .step(json("{\"kind\": \"start\", \"count\": 5}")));
        RunResult mix = run(withProfile(base())
                .step(json("{\"kind\": \"define\", \"count\": 10}"))
                .step(json("{\"kind\": \"define\", \"count\": 5, \"profile\": \"big\"}"))
                .step(json("{\"kind\": \"start\", \"count\": 15, \"concurrency\": 3}")));
        assertEquals(15, mix.metric("guests.started"));
        for (String pool : new String[] {"host.memory", "fs.file-max", "kernel.pid_max"}) {
            double base = high(none, pool);
            assertEquals(high(small, pool) - base + high(big, pool) - base, high(mix, pool) - base, 1e-9, pool);
        }
        assertTrue(high(big, "host.memory") - high(none, "host.memory") > 5 * 4096, "the big shape's touched RAM counts");
    }

    private static double high(RunResult r, String pool) {
        return r.metric("hw." + pool);
    }

    @Test
    void aDefineOfAnUnknownProfileIsRejectedAtItsKey() {
        InputException e = assertThrows(InputException.class, () -> withProfile(base())
                .step(json("{\"kind\": \"define\", \"count\": 2, \"profile\": \"huge\"}")).build());
        assertTrue(e.getMessage().contains("steps[0].profile") && e.getMessage().contains("[big]"), e.getMessage());
    }
}
