package capsim.model.cpu;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.measure.Unit;
import capsim.model.common.Step;
import capsim.model.common.StepCheck;
import capsim.model.common.StepContext;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.resource.FairShareCpus.ThreadClass;
import capsim.model.host.CpuSpec;
import capsim.model.host.HostSpec;
import capsim.resource.Knob;
import capsim.resource.LimitSpec;
import capsim.resource.Scope;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * K of the running guests run a load for a while: their vCPUs ask for CPU (steadily or in a
 * busy/idle cycle), their disk requests for QEMU's I/O handling, their packets for the vhost
 * worker; all of it in each guest's scope. The next step starts at once (the load runs in the
 * background: starts, hot-plugs and migrations meanwhile compete with it) unless the step
 * waits for it. What the vCPUs ask for and do not get is their steal; above the SLO it is a
 * breaking point.
 */
@Kind("load")
@Doc("K running guests run a load profile for a while (in the background unless wait is set)")
public record GuestLoad(
        @Doc("loaded guests (running guests of guestProfile)") @Range(min = 1, max = 10_000_000) int guests,
        @Doc("how long the load runs, s") @Range(min = 0, max = 1e9) double seconds,
        @Doc("what each loaded guest runs") @Default("{}") LoadProfile profile,
        @Doc("the guest profile whose vCPUs the loaded guests have (a name under the experiment's profiles); \"\" = the experiment's guest") @Default("\"\"") String guestProfile,
        @Doc("the next step waits until the load ends (true) or starts at once, the load running in the background (false)") @Default("false") boolean waitForEnd,
        @Doc("most steal (share of the loaded vCPUs' CPU demand not served) before it is a breaking point; 0 = no SLO") @Default("0") @Range(min = 0, max = 1) double stealSlo) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return 2.0 * guests;
    }

    @Override
    public void check(StepCheck check) {
        if (!guestProfile.isEmpty() && !check.profiles().contains(guestProfile)) {
            throw check.reject("guestProfile", "no guest profile \"" + guestProfile + "\" in the experiment's profiles");
        }
        if (guests > check.runningGuests()) {
            throw check.reject("guests", "loads " + guests + " guests but only " + check.runningGuests()
                    + " are running after the earlier steps; allowed 1 .. " + check.runningGuests());
        }
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        HostCpus cpus = ctx.component(HostCpus.class);
        // the first-started running guests of the profile (as many as run, if fewer: a start may have failed)
        int loaded = Math.min(guests, ctx.runningGuests(guestProfile));
        int vcpus = profile.vcpus() > 0 ? Math.min(profile.vcpus(), ctx.guest(guestProfile).vcpus()) : ctx.guest(guestProfile).vcpus();
        var q = cpus.qemuCosts();
        double ioCpu = profile.blockIops() * q.blockRequestUs() / 1e6;
        double netCpu = profile.netPps() * cpus.spec().vhostPacketUs() / 1e6;
        // with cgroups the scope's weight is split among its busy vCPUs; its I/O thread and vhost worker ask
        // for little and take it whatever their weight, so what they leave goes to the vCPUs, as CFS gives it
        int threadsPerGuest = vcpus;
        String id = cpus.nextLoadId();
        double cap = profile.cycles() ? 1 : profile.dutyCycle();
        ThreadClass vcpu = cap > 0 ? cpus.guestThreads(id + ".vcpu", cap, threadsPerGuest) : null;
        // one I/O thread and one vhost worker per guest: each serves at most one CPU, so a guest asking more is cut there
        ThreadClass io = ioCpu > 0 ? cpus.guestThreads(id + ".io", Math.min(1, ioCpu), threadsPerGuest) : null;
        ThreadClass net = netCpu > 0 ? cpus.guestThreads(id + ".vhost", Math.min(1, netCpu), threadsPerGuest) : null;
        long durationNs = Math.round(seconds * Simulation.NS_PER_S);
        cpus.loadStarted(loaded, profile.dirtyMiBPerS());
        if (io != null) io.addFlows(loaded);
        if (net != null) net.addFlows(loaded);
        Cycle cycle = null;
        if (vcpu != null && profile.cycles()) {
            cycle = new Cycle(ctx.sim(), vcpu, vcpus, loaded, durationNs, ctx.sim().streams().stream("load.phase"));
            cycle.start();
        } else if (vcpu != null) {
            vcpu.addFlows(loaded * vcpus);
        }
        Cycle c = cycle;
        ctx.sim().schedule(durationNs, ignored -> {
            if (c != null) c.stop();
            else if (vcpu != null) vcpu.removeFlows(loaded * vcpus);
            if (io != null) io.removeFlows(loaded);
            if (net != null) net.removeFlows(loaded);
            cpus.loadEnded(loaded);
            if (vcpu != null && stealSlo > 0 && vcpu.flowSteal() > stealSlo) stealMiss(ctx, cpus, vcpu, io, net, loaded);
            if (waitForEnd) next.run();
        }, 0);
        if (!waitForEnd) next.run();
    }

    /**
     * The loaded vCPUs' steal passed the SLO: a breaking point whose knob is the host's CPUs. The
     * capacity that holds it serves the rest of the load (its I/O threads, vhost workers, which
     * take what they ask) and (1 - SLO) of the vCPUs' demand, both as averaged over the load:
     * C = other + (1 - SLO) x vCPU demand, in whole CPUs, then the online CPUs that give C.
     */
    private void stealMiss(StepContext ctx, HostCpus cpus, ThreadClass vcpu, ThreadClass io, ThreadClass net, int loaded) {
        double s = Math.max(1e-9, seconds);
        double other = ((io == null ? 0 : io.flowDemandCpuSeconds()) + (net == null ? 0 : net.flowDemandCpuSeconds())) / s;
        double needed = other + (1 - stealSlo) * vcpu.flowDemandCpuSeconds() / s;
        CpuSpec spec = cpus.spec();
        double perCpu = spec.capacity(1000) / 1000 + spec.backgroundCpus() / 1000;   // service per online CPU, before the background
        DoubleUnaryOperator toCpus = c -> (c + spec.backgroundCpus()) / perCpu;
        LimitSpec slo = LimitSpec.of("cpu.steal", Scope.SYSTEM, Errno.ETIMEDOUT, Knob.of(HostSpec::cpus))
                .withNote("(steal SLO " + Math.round(stealSlo * 100) + " %: CPUs' worth of service the load needs)")
                .counting(Unit.CPUS, toCpus);
        long limit = (long) Math.floor(cpus.capacity());
        long need = (long) Math.ceil(needed - 1e-9);
        ctx.log().recordSloMiss(new BreakingPoint(ctx.sim().now(), loaded + " loaded guests (steal "
                + Math.round(vcpu.flowSteal() * 100) + " %)", slo, limit, need, need));
    }

    /**
     * Each guest's busy vCPUs run busyS then sleep idleS, from a phase of its own: one event per
     * guest per half-cycle, whatever the number of vCPUs.
     */
    private final class Cycle implements EventHandler {
        private final Simulation sim;
        private final ThreadClass vcpu;
        private final int vcpus;
        private final boolean[] busy;
        private final long endNs;
        private final long[] handle;
        private final RandomGenerator rng;

        Cycle(Simulation sim, ThreadClass vcpu, int vcpus, int guests, long durationNs, RandomGenerator rng) {
            this.sim = sim;
            this.vcpu = vcpu;
            this.vcpus = vcpus;
            this.busy = new boolean[guests];
            this.handle = new long[guests];
            this.endNs = sim.now() + durationNs;
            this.rng = rng;
        }

        void start() {
            double period = profile.busyS() + profile.idleS();
            for (int g = 0; g < busy.length; g++) {
                // a phase uniform over the cycle: busy for what is left of its busy part, or idle for what is left of its idle part
                double phase = rng.nextDouble() * period;
                busy[g] = phase < profile.busyS();
                double left = busy[g] ? profile.busyS() - phase : period - phase;
                if (busy[g]) vcpu.addFlows(vcpus);
                handle[g] = sim.schedule(Math.max(1, Math.round(left * Simulation.NS_PER_S)), this, g);
            }
        }

        @Override
        public void onEvent(int g) {
            if (sim.now() >= endNs) return;
            busy[g] = !busy[g];
            if (busy[g]) vcpu.addFlows(vcpus);
            else vcpu.removeFlows(vcpus);
            double s = busy[g] ? profile.busyS() : profile.idleS();
            handle[g] = sim.schedule(Math.round(s * Simulation.NS_PER_S), this, g);
        }

        void stop() {
            for (int g = 0; g < busy.length; g++) {
                sim.cancel(handle[g]);
                if (busy[g]) vcpu.removeFlows(vcpus);
                busy[g] = false;
            }
        }
    }
}
