package capsim.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The busy-share formula of a sleeping server against a direct simulation of one. */
class DeviceEventsTest {

    /**
     * One thread, Poisson events at rate λ: an event that finds it asleep costs c (the wake-up)
     * before its handling h; events arriving meanwhile queue and are handled in the same run.
     * Simulated event by event, its busy share must match ρ = λ(c + h) / (1 + λc).
     */
    @Test
    void busyShareMatchesASimulatedSleepingServer() {
        double[][] cases = {{200, 3, 3.3}, {20_000, 3, 3.3}, {100_000, 55, 3.3}, {200_000, 5, 3.3}};
        for (double[] k : cases) {
            double lambda = k[0], c = k[1] * 1e-6, h = k[2] * 1e-6;
            var s = new DeviceEvents.Server(1, lambda, k[1], k[2]);
            double simulated = simulate(lambda, c, h, 2_000_000, new Random(3));
            assertEquals(simulated, s.busyShare(), 0.01 * Math.max(0.01, simulated), "λ=" + lambda);
        }
    }

    private static double simulate(double lambda, double c, double h, int events, Random rnd) {
        double t = 0, freeAt = 0, busy = 0;
        for (int i = 0; i < events; i++) {
            t += -Math.log(1 - rnd.nextDouble()) / lambda;
            double start = Math.max(t, freeAt);
            double cost = t >= freeAt ? c + h : h;   // asleep: wake first
            freeAt = start + cost;
            busy += cost;
        }
        return busy / Math.max(t, freeAt);
    }

    @Test
    void anEventLoopWatchingFdsWithPpollPaysForEachFdEveryIteration() {
        var loop = new DeviceEvents(1000, 200, 60, DeviceEvents.Design.EVENT_LOOP, 4, DeviceEvents.Polling.PPOLL, 0, 0);
        var s = loop.server(3, 2, 0.05, 3.3);
        assertEquals(4, s.threads());
        assertEquals(250 * 200, s.eventsPerS(), 1e-9);
        assertEquals(3 + 2 + 0.05 * 250, s.wakeCostUs(), 1e-12);
        var epoll = new DeviceEvents(1000, 200, 60, DeviceEvents.Design.EVENT_LOOP, 4, DeviceEvents.Polling.EPOLL, 0, 0).server(3, 2, 0.05, 3.3);
        assertEquals(5, epoll.wakeCostUs(), 1e-12);
    }
}
