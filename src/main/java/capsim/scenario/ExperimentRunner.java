package capsim.scenario;

import capsim.kernel.Simulation;
import capsim.measure.Metrics;
import capsim.measure.Unit;
import capsim.model.HostSystem;
import capsim.resource.LimitedPool;
import capsim.resource.UsageSeries;
import capsim.model.kvm.HotplugPlan;
import capsim.model.migration.MigrationPlan;
import capsim.model.net.InterfacePlan;
import capsim.model.net.HostNetwork;
import capsim.model.kvm.KvmHost;
import capsim.model.migration.MigrationService;
import capsim.model.ssh.Sshd;
import capsim.model.dump.CrashDump;
import capsim.scenario.step.AddInterfaces;
import capsim.scenario.step.DefineGuests;
import capsim.scenario.step.DumpHost;
import capsim.scenario.step.HotplugDevices;
import capsim.scenario.step.MigrateGuests;
import capsim.scenario.step.SshFanout;
import capsim.scenario.step.StartGuests;
import capsim.scenario.step.Step;
import java.util.ArrayList;
import java.util.List;

/** Runs an experiment on the event kernel: builds the host system, runs the steps in order. */
public final class ExperimentRunner {
    private final Experiment experiment;
    private final long seed;
    private Simulation sim;
    private HostSystem sys;
    private int stepIndex;

    public ExperimentRunner(Experiment experiment, long seed) {
        this.experiment = experiment;
        this.seed = seed;
    }

    public static RunResult run(Experiment experiment, long seed) {
        return new ExperimentRunner(experiment, seed).run();
    }

    public RunResult run() {
        sim = new Simulation(seed);
        sys = new HostSystem(sim, experiment.host(), experiment.stack(), experiment.guest(), experiment.stopAtFirstBreak());
        stepIndex = 0;
        sim.schedule(0, i -> nextStep(), 0);
        sys.atStart();
        sim.run();
        sys.atEnd();

        Metrics metrics = new Metrics();
        sys.report(metrics);
        metrics.count("sim.events", Unit.EVENTS, sim.events());
        metrics.time("sim.timeS", Unit.S, sim.nowSeconds());
        metrics.count("steps.completed", Math.min(stepIndex, experiment.steps().size()));

        List<RunResult.UsageTrace> usage = new ArrayList<>();
        for (LimitedPool p : sys.pools()) {
            UsageSeries s = p.series();
            if (s == null || s.size() == 0) continue;
            double[] t = new double[s.size()];
            long[] v = new long[s.size()];
            for (int i = 0; i < s.size(); i++) {
                t[i] = s.timeAt(i) / 1e9;
                v[i] = s.valueAt(i);
            }
            usage.add(new RunResult.UsageTrace(p.resource(), p.limit(), t, v));
        }
        sys.log().suggestLargestDemands();
        for (LimitedPool p : sys.pools()) {
            if (p.failures() > 0) sys.log().suggestAtLeast(p.resource(), p.wouldNeed());
        }
        var bps = sys.log().firstPerResource();
        return new RunResult(experiment.name(), seed,
                bps.isEmpty() ? RunResult.Outcome.COMPLETED : RunResult.Outcome.BROKE,
                List.copyOf(bps), metrics, sys.guestRows(), usage, List.copyOf(sys.curves()));
    }

    private void nextStep() {
        if (stepIndex >= experiment.steps().size()) return;
        Step step = experiment.steps().get(stepIndex++);
        Runnable next = () -> sim.schedule(0, i -> nextStep(), 0);
        if (step instanceof DefineGuests d) {
            new ConcurrentBatch(d.count(), d.concurrency(), (i, done) -> sys.define(done, i), next).start();
        } else if (step instanceof StartGuests s) {
            boolean waves = s.pattern() == StartGuests.Pattern.WAVES;
            new ConcurrentBatch(s.count(), s.concurrency(), waves, (i, done) -> sys.startNext(s.latencySloS(), done, i), next).start();
        } else if (step instanceof AddInterfaces a) {
            InterfacePlan plan = new InterfacePlan(a.namePattern(), a.bridges(), a.placement(), a.registerOnUplink(),
                    a.ipv6(), a.neighbourEntries(), a.addSloS());
            new ConcurrentBatch(a.count(), a.concurrency(),
                    (i, done) -> sys.component(HostNetwork.class).addInterface(plan, done, i), next).start();
        } else if (step instanceof HotplugDevices h) {
            HotplugPlan plan = new HotplugPlan(h.count(), h.virtqueuesPerDevice(), h.presentDevices(), h.batch(), h.deviceSloMs());
            sys.component(KvmHost.class).hotplug(plan, i -> next.run(), 0);
        } else if (step instanceof MigrateGuests mg) {
            double mem = mg.memoryMiB() > 0 ? mg.memoryMiB() : experiment.guest().memoryMiB();
            MigrationPlan plan = new MigrationPlan(mg.count(), mem, mg.dirtyMiBps(), mg.workingSetMiB(),
                    mg.explicitPorts());
            int concurrency = mg.concurrency() > 0 ? mg.concurrency() : mg.count();
            new ConcurrentBatch(mg.count(), concurrency,
                    (i, done) -> sys.component(MigrationService.class).migrate(plan, i, done, i), next).start();
        } else if (step instanceof SshFanout f) {
            new ConcurrentBatch(f.sessions(), f.sessions(), (i, done) -> sys.component(Sshd.class)
                    .session(i, f.connections(), f.sessionS(), f.retryRefused(), done, i), next).start();
        } else if (step instanceof DumpHost d) {
            sys.component(CrashDump.class).run(sim.now(), experiment.host().ramGiB(), d.ramGiB(), d.methods(), d.sloH(), sys.log());
            next.run();
        } else {
            throw new IllegalStateException("no runner for step " + step);
        }
    }
}
