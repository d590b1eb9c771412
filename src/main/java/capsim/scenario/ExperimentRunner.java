package capsim.scenario;

import capsim.kernel.Simulation;
import capsim.measure.Metrics;
import capsim.measure.Unit;
import capsim.model.HostSystem;
import capsim.model.common.Step;
import capsim.resource.LimitedPool;
import capsim.resource.UsageSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs an experiment on the event kernel: builds the host system, runs the steps in order. */
public final class ExperimentRunner {
    private final Experiment experiment;
    private final long seed;
    private final boolean liftLimits;
    private Simulation sim;
    private HostSystem sys;
    private int stepIndex;

    public ExperimentRunner(Experiment experiment, long seed) {
        this(experiment, seed, false);
    }

    /** @param liftLimits no pool refuses: the run measures what the workload needs of each */
    private ExperimentRunner(Experiment experiment, long seed, boolean liftLimits) {
        this.experiment = experiment;
        this.seed = seed;
        this.liftLimits = liftLimits;
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
        simulate();

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
        suggestLimits();
        var bps = sys.log().firstPerResource();
        return new RunResult(experiment.name(), seed,
                bps.isEmpty() ? RunResult.Outcome.COMPLETED : RunResult.Outcome.BROKE,
                List.copyOf(bps), metrics, details ? sys.guestRows() : List.of(), usage, details ? List.copyOf(sys.curves()) : List.of());
    }

    /** Runs the steps from t = 0 on a new host system. */
    private void simulate() {
        sim = new Simulation(seed);
        sys = new HostSystem(sim, experiment.host(), experiment.stack(), experiment.guest(), experiment.profiles(),
                experiment.stopAtFirstBreak(), liftLimits);
        stepIndex = 0;
        sim.schedule(0, i -> nextStep(), 0);
        sys.atStart();
        sim.run();
        sys.atEnd();
    }

    /**
     * The limit each refusing pool needs for the whole workload: its peak in the same run with
     * every pool's limit lifted, the least limit under which it refuses nothing once the walls
     * on the way are raised too (the run is then the lifted run). A run that stops at its first
     * break keeps the refused run's own estimate, the peak held or refused at once
     * ({@link LimitedPool#wouldNeed}): running it to the end is what it asked not to do.
     */
    private void suggestLimits() {
        Map<String, Long> estimate = new LinkedHashMap<>();
        for (LimitedPool p : sys.limits()) if (p.failures() > 0) estimate.merge(p.resource(), p.wouldNeed(), Math::max);
        if (estimate.isEmpty()) return;
        if (experiment.stopAtFirstBreak()) {
            estimate.forEach(sys.log()::suggestAtLeast);
            return;
        }
        ExperimentRunner lifted = new ExperimentRunner(experiment, seed, true);
        lifted.simulate();
        Map<String, Long> peak = new LinkedHashMap<>();
        for (LimitedPool p : lifted.sys.limits()) if (estimate.containsKey(p.resource())) peak.merge(p.resource(), p.highWater(), Math::max);
        peak.forEach(sys.log()::suggestExactly);
        // a resource with no pool in the lifted run (pools made on demand) keeps the estimate
        estimate.forEach((resource, need) -> {
            if (!peak.containsKey(resource)) sys.log().suggestAtLeast(resource, need);
        });
    }

    private void nextStep() {
        if (stepIndex >= experiment.steps().size()) return;
        Step step = experiment.steps().get(stepIndex++);
        step.run(sys, () -> sim.schedule(0, i -> nextStep(), 0));
    }
}
