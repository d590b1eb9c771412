package capsim.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void activityWalksItsStepsWithDelays() {
        Simulation sim = new Simulation(1);
        List<String> trace = new ArrayList<>();
        Activity a = new Activity(sim) {
            @Override
            protected void resume(int step) {
                trace.add(step + "@" + sim.now());
                if (step < 3) resumeAfter(100L * (step + 1), step + 1);
            }
        };
        a.start();
        sim.run();
        assertEquals(List.of("0@0", "1@100", "2@300", "3@600"), trace);
        assertEquals(4, sim.events());
    }

    @Test
    void runUntilStopsAtTheHorizonAndStopEndsTheLoop() {
        Simulation sim = new Simulation(1);
        int[] fired = new int[1];
        for (int i = 1; i <= 10; i++) sim.schedule(i * 10L, d -> fired[0]++, i);
        sim.runUntil(45);
        assertEquals(4, fired[0]);
        assertEquals(40, sim.now());
        sim.schedule(0, d -> sim.stop(), 0);
        sim.run();
        assertEquals(4, fired[0], "the stop event at t=40 ends the loop before the event at t=50");
        sim.run();
        assertEquals(10, fired[0]);
    }

    @Test
    void schedulingInThePastIsRejected() {
        Simulation sim = new Simulation(1);
        sim.schedule(10, d -> { }, 0);
        sim.run();
        assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(5, d -> { }, 0));
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(-1, d -> { }, 0));
    }

    @Test
    void namedStreamsAreReproducibleAndIndependentOfOtherStreams() {
        RandomStreams a = new RandomStreams(42);
        RandomStreams b = new RandomStreams(42);
        // b draws from another stream first: "boot" must not notice
        for (int i = 0; i < 1000; i++) b.stream("other").nextDouble();
        RandomGenerator ra = a.stream("boot");
        RandomGenerator rb = b.stream("boot");
        for (int i = 0; i < 100; i++) assertEquals(ra.nextLong(), rb.nextLong());
        assertNotEquals(new RandomStreams(42).stream("x").nextLong(), new RandomStreams(43).stream("x").nextLong());
        assertNotEquals(new RandomStreams(42).stream("x").nextLong(), new RandomStreams(42).stream("y").nextLong());
    }

    /** Handlers that schedule, cancel and reschedule at random; returns "data@time" per event. */
    private static List<String> randomTrace(Simulation sim) {
        List<String> trace = new ArrayList<>();
        RandomGenerator rnd = sim.streams().stream("trace");
        long[] handles = new long[64];
        EventHandler[] h = new EventHandler[1];
        h[0] = d -> {
            trace.add(d + "@" + sim.now());
            if (trace.size() > 20_000) return;
            int i = rnd.nextInt(handles.length);
            switch (rnd.nextInt(4)) {
                case 0 -> sim.cancel(handles[i]);
                case 1 -> sim.reschedule(handles[i], sim.now() + rnd.nextInt(50));
                default -> { }
            }
            handles[i] = sim.schedule(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1000), h[0], d + 1);
            if (rnd.nextInt(8) == 0) sim.schedule(rnd.nextInt(1000), h[0], -d);
        };
        for (int i = 0; i < handles.length; i++) handles[i] = sim.schedule(i % 5, h[0], i * 1000);
        sim.run();
        return trace;
    }

    @Test
    void theBinaryHeapRunsTheSameSimulationAsTheLadder() {
        List<String> ladder = randomTrace(new Simulation(3));
        List<String> heap = randomTrace(new Simulation(3, new BinaryHeapEventList()));
        assertTrue(ladder.size() > 20_000);
        assertEquals(ladder, heap);
        EventList used = new EventQueue();
        used.add(1, d -> { }, 0);
        assertThrows(IllegalArgumentException.class, () -> new Simulation(1, used));
    }
}
