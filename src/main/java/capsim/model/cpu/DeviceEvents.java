package capsim.model.cpu;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.kernel.Simulation;
import capsim.measure.MetricSink;
import capsim.measure.Unit;
import capsim.model.common.Step;
import capsim.model.common.StepContext;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.resource.FairShareCpus.ThreadClass;
import capsim.resource.LimitSpec;
import capsim.resource.Scope;
import java.util.function.DoubleUnaryOperator;

/**
 * F23, a thread per device against shared event loops: N devices each raise R events per
 * second for a while, served either by one thread per device or by L event loops that each
 * watch N/L devices. Either way an event costs its handling; what differs is the wake-ups.
 *
 * <p>A thread that sleeps when it has nothing to do pays a wake-up (and switch) for each event
 * that finds it asleep; events that arrive while it works are handled in the same run. With
 * Poisson arrivals an arrival finds the thread busy with the probability that it is busy (PASTA),
 * so its busy share ρ solves ρ = λ(1 − ρ)c + λh, where λ is its event rate, h the handling and c
 * what a wake-up costs before the first event: ρ = λ(c + h) / (1 + λc). A thread per device has
 * λ = R and c = the wake-up; an event loop has λ = R·N/L and c = the wake-up plus one iteration,
 * which with ppoll grows with the fds it watches. A thread cannot use more than one CPU: at
 * λh ≥ 1 it cannot keep up whatever the host has (a breaking point); below that, the threads'
 * shares are CPU demand on the host's scheduler, and what the host cannot give them is steal.
 */
@Kind("device-events")
@Doc("F23: N devices raise events for a while, served by a thread per device or by shared event loops; the host CPU each design takes")
public record DeviceEvents(
        @Doc("devices raising events (each one fd the server watches)") @Range(min = 1, max = 10_000_000) int devices,
        @Doc("events each device raises per second") @Range(min = 0) double eventsPerS,
        @Doc("how long the events come, s") @Range(min = 0, max = 1e9) double seconds,
        @Doc("who serves them: thread-per-device (one sleeping thread each) or event-loop (loops threads, each watching its share of the devices)") Design design,
        @Doc("event-loop threads (QEMU's main loop and iothreads) sharing the devices, with design = event-loop") @Default("1") @Range(min = 1, max = 1_000_000) int loops,
        @Doc("how an event loop waits: ppoll (each iteration scans every fd it watches: glib's main loop) or epoll (it does not)") @Default("\"ppoll\"") Polling polling,
        @Doc("CPU to handle one event, µs; 0 = stack.qemu.blockRequestUs (one virtio-blk request)") @Default("0") @Range(min = 0) double handleUs,
        @Doc("most steal (share of the servers' CPU demand not served) before it is a breaking point; 0 = none") @Default("0") @Range(min = 0, max = 1) double stealSlo) implements Step {

    /** Who serves the events. */
    public enum Design {
        THREAD_PER_DEVICE, EVENT_LOOP
    }

    /** How an event loop waits for its fds. */
    public enum Polling {
        PPOLL, EPOLL
    }

    /** One server thread's event rate, cost per wake-up and busy share. */
    record Server(int threads, double eventsPerS, double wakeCostUs, double handleUs) {
        /** ρ = λ(c + h) / (1 + λc), in CPUs (may exceed 1: the thread cannot keep up). */
        double busyShare() {
            double c = wakeCostUs / 1e6;
            double h = handleUs / 1e6;
            return eventsPerS * (c + h) / (1 + eventsPerS * c);
        }

        /** The thread cannot keep up: its handling alone needs a whole CPU. */
        boolean saturated() {
            return eventsPerS * handleUs / 1e6 >= 1;
        }
    }

    /** The servers this design runs: their number, each one's event rate and wake-up cost. */
    Server server(double wakeupUs, double iterationUs, double perFdUs, double handle) {
        if (design == Design.THREAD_PER_DEVICE) return new Server(devices, eventsPerS, wakeupUs, handle);
        int l = Math.min(loops, devices);
        double fdsEach = Math.ceil((double) devices / l);
        double iteration = iterationUs + (polling == Polling.PPOLL ? perFdUs * fdsEach : 0);
        return new Server(l, eventsPerS * fdsEach, wakeupUs + iteration, handle);
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        HostCpus cpus = ctx.component(HostCpus.class);
        var q = cpus.qemuCosts();
        double h = handleUs > 0 ? handleUs : q.blockRequestUs();
        Server s = server(cpus.spec().wakeupUs(), q.loopIterationUs(), q.loopPerFdUs(), h);
        double share = s.busyShare();
        String id = cpus.nextLoadId() + "." + (design == Design.THREAD_PER_DEVICE ? "device-threads" : "event-loops");
        // the servers are threads of one QEMU: its scope's weight is shared among them
        ThreadClass threads = cpus.guestThreads(id, Math.max(1e-9, Math.min(1, share)), s.threads());
        threads.addFlows(s.threads());
        Report report = new Report(s, share, threads);
        cpus.addReport(report);
        if (s.saturated() || share >= 1) {
            LimitSpec limit = LimitSpec.hard("cpu.thread", Scope.PROCESS, Errno.EAGAIN,
                    "one thread's CPU, % (a thread runs on one CPU at a time)",
                    design == Design.EVENT_LOOP ? "more event loops (iothreads), or epoll" : "fewer events per device")
                    .counting(Unit.RATIO, DoubleUnaryOperator.identity());
            long need = Math.round(share * 100);
            ctx.log().recordSloMiss(new BreakingPoint(ctx.sim().now(), id + " (" + s.threads() + " threads, "
                    + Math.round(s.eventsPerS()) + " events/s each)", limit, 100, need, need));
        }
        ctx.sim().schedule(Math.round(seconds * Simulation.NS_PER_S), ignored -> {
            threads.removeFlows(s.threads());
            double steal = threads.flowSteal();
            if (stealSlo > 0 && steal > stealSlo) {
                LimitSpec slo = LimitSpec.slo("cpu.steal", Scope.SYSTEM, Errno.ETIMEDOUT,
                        "steal SLO of the event servers, % of their CPU demand not served",
                        "more CPUs (host.cpus), or a design that wakes fewer threads").counting(Unit.RATIO, DoubleUnaryOperator.identity());
                long got = Math.round(steal * 100);
                ctx.log().recordSloMiss(new BreakingPoint(ctx.sim().now(), id, slo, Math.round(stealSlo * 100), got, got));
            }
            next.run();
        }, 0);
    }

    /** The step's figures: what the design asks of the host and what it got. */
    private static final class Report implements HostCpus.LoadReport {
        private final Server server;
        private final double share;
        private final ThreadClass threads;

        Report(Server server, double share, ThreadClass threads) {
            this.server = server;
            this.share = share;
            this.threads = threads;
        }

        @Override
        public void report(MetricSink m) {
            m.count("events.threads", Unit.THREADS, server.threads());
            m.count("events.perThreadPerS", Unit.PER_S, server.eventsPerS());
            m.ratio("events.threadBusy", Unit.RATIO, share);
            m.amount("events.cpuDemand", Unit.CPUS, server.threads() * Math.min(1, share));
            double demandS = threads.flowDemandCpuSeconds();
            m.amount("events.cpu", Unit.CPUS, demandS > 0 ? server.threads() * Math.min(1, share) * threads.flowCpuSeconds() / demandS : 0);
            m.ratio("events.steal", Unit.RATIO, threads.flowSteal());
            m.count("events.saturated", Unit.FLAG, server.saturated() || share >= 1 ? 1 : 0);
        }
    }
}
