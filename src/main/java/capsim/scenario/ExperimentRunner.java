package capsim.scenario;

import capsim.kernel.Simulation;
import capsim.measure.Metrics;
import capsim.measure.Unit;
import capsim.model.HostSystem;
import capsim.model.common.Step;
import capsim.resource.LimitedPool;
import capsim.resource.UsageSeries;
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

    /**
     * A run for a batch, which keeps only the outcome, the breaking points and the metrics: the
     * per-guest rows, usage traces and curves (a row and a name per guest) are not built.
     */
    public static RunResult runSummary(Experiment experiment, long seed) {
        return new ExperimentRunner(experiment, seed).run(false);
    }

    public RunResult run() {
        return run(true);
    }

    private RunResult run(boolean details) {
        sim = new Simulation(seed);
        sys = new HostSystem(sim, experiment.host(), experiment.stack(), experiment.guest(), experiment.profiles(), experiment.stopAtFirstBreak());
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
        for (LimitedPool p : details ? sys.pools() : List.<LimitedPool>of()) {
            UsageSeries s = p.series();
            if (s == null || s.size() == 0) continue;
            double[] t = new double[s.size()];
            long[] v = new long[s.size()];
            for (int i = 0; i < s.size(); i++) {
                t[i] = s.timeAt(i) / 1e9;
                v[i] = s.valueAt(i);
            }
            usage.add(new RunResult.UsageTrace(p.resource(), p.spec().unit(), p.limit(), t, v));
        }
        sys.log().suggestLargestDemands();
        for (LimitedPool p : sys.limits()) {
            if (p.failures() > 0) sys.log().suggestAtLeast(p.resource(), p.wouldNeed());
        }
        var bps = sys.log().firstPerResource();
        return new RunResult(experiment.name(), seed,
                bps.isEmpty() ? RunResult.Outcome.COMPLETED : RunResult.Outcome.BROKE,
                List.copyOf(bps), metrics, details ? sys.guestRows() : List.of(), usage, details ? List.copyOf(sys.curves()) : List.of());
    }

    private void nextStep() {
        if (stepIndex >= experiment.steps().size()) return;
        Step step = experiment.steps().get(stepIndex++);
        step.run(sys, () -> sim.schedule(0, i -> nextStep(), 0));
    }
}
