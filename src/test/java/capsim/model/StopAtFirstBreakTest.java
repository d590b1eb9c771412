package capsim.model;

import static org.junit.jupiter.api.Assertions.*;

import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import org.junit.jupiter.api.Test;

/** stopAtFirstBreak is a breaking-point listener: the run ends after the event of the first failure. */
class StopAtFirstBreakTest {
    private static final String FILE = "experiments/f11-ptys.json";

    @Test
    void stopsExactlyAtTheFirstBreakingPoint() {
        RunResult all = TestRuns.run(FILE);
        assertTrue(all.metrics().get("guests.failed") > 1, "the experiment should break more than once");
        BreakingPoint first = all.breakingPoints().get(0);

        RunResult stopped = TestRuns.run(FILE, "stopAtFirstBreak=true");
        assertEquals(1, stopped.breakingPoints().size(), "" + stopped.breakingPoints());
        BreakingPoint only = stopped.breakingPoints().get(0);
        assertEquals(first.resource(), only.resource());
        assertEquals(first.subject(), only.subject());
        assertEquals(first.timeNs(), only.timeNs());
        // nothing ran after the event in which it was recorded
        assertEquals(first.timeS(), stopped.metrics().get("sim.timeS"), 1e-12);
        assertEquals(1, stopped.metrics().get("guests.failed"));
        long startedBefore = all.guests().stream().filter(g -> g.state() == capsim.model.common.GuestState.RUNNING
                && g.endedS() <= first.timeS()).count();
        assertEquals(startedBefore, (long) stopped.metrics().get("guests.started"));
    }
}
