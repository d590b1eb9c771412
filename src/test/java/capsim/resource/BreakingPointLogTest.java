package capsim.resource;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakingPointLogTest {
    private static BreakingPoint bp(long t, String resource) {
        return BreakingPoint.of(t, "s" + t, LimitSpec.hard(resource, Scope.SYSTEM, Errno.ENOMEM, "limit", "fix"), 1, 2);
    }

    @Test
    void listenersHearEveryRecordInOrderAndSloMissesApart() {
        BreakingPointLog log = new BreakingPointLog();
        List<String> heard = new ArrayList<>();
        log.addListener(b -> heard.add("a:" + b.timeNs()));
        log.addListener(new BreakingPointLog.Listener() {
            @Override
            public void onBreak(BreakingPoint b) {
                heard.add("b:" + b.timeNs());
            }

            @Override
            public void onSloMiss(BreakingPoint b) {
                heard.add("b-miss:" + b.timeNs());
            }
        });
        log.record(bp(1, "x"));
        log.recordSloMiss(bp(2, "y"));
        log.record(bp(3, "x"));
        assertEquals(List.of("a:1", "b:1", "b-miss:2", "a:3", "b:3"), heard);
        // kept and counted alike: one kept per resource, every one counted
        assertEquals(2, log.firstPerResource().size());
        assertEquals(3, log.total());
        assertEquals(2, log.count("x"));
    }
}
