package capsim.experiment;

import capsim.config.Binder;
import capsim.config.InputException;
import capsim.kernel.Simulation;
import capsim.model.HostSystem;
import capsim.scenario.Experiment;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the metric names a user asks for ({@code --metric}, a sweep file's {@code metrics})
 * before anything runs. Which metrics a run reports depends on what its steps did (start
 * latencies only once a guest started, dump times only for a dump), so the names cannot all be
 * known up front: a name is taken when the host system of one of the experiments reports it
 * before running, or when it is in a family capsim reports ({@link #FAMILIES}) and is not within
 * two edits of a known name (a typo); any other is refused with the nearest known name.
 */
public final class MetricNames {
    /** The first part of every metric name a part of the model reports (MetricNamesTest checks them against real runs). */
    public static final Set<String> FAMILIES = Set.of("cpu", "dump", "events", "guests", "host", "hotplug", "hw", "kvm", "libvirtd",
            "limit", "machined", "migration", "net", "outcome", "qemu", "sim", "ssh", "start", "steps");

    /** Reported by every run besides what the host system reports (ExperimentRunner, RunRecord). */
    private static final List<String> ALWAYS = List.of("sim.events", "sim.timeS", "steps.completed", "outcome.broke",
            "start.latency.meanS", "start.latency.p50S", "start.latency.p95S", "start.latency.p99S", "start.latency.maxS");

    private MetricNames() {
    }

    /** The names the experiments' host systems report before running, and those every run reports. */
    public static Set<String> known(List<Experiment> experiments) {
        Set<String> names = new TreeSet<>(ALWAYS);
        for (Experiment e : experiments) {
            HostSystem sys = new HostSystem(new Simulation(e.seed()), e.host(), e.stack(), e.guest(), e.profiles(), false);
            sys.report((metric, value) -> names.add(metric.name()));
        }
        return names;
    }

    /** The known name closest to {@code m} within {@code most} edits, or null. */
    private static String nearest(String m, Set<String> known, int most) {
        String best = null;
        int bestD = most + 1;
        for (String k : known) {
            int d = Binder.editDistance(m, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    /**
     * Refuses a name no run can report. {@code from} is where the names were written (a sweep
     * file's {@code metrics}), or null for {@code --metric NAME} options.
     */
    public static void check(List<String> metrics, List<Experiment> experiments, capsim.config.Origin from) {
        if (metrics.isEmpty()) return;
        Set<String> known = null;
        for (int i = 0; i < metrics.size(); i++) {
            String m = metrics.get(i);
            if (known == null) known = known(experiments);
            if (known.contains(m)) continue;
            int dot = m.indexOf('.');
            // in a family but not reported before running: may come once a step ran, unless it is a typo of a known name
            if (dot > 0 && FAMILIES.contains(m.substring(0, dot)) && nearest(m, known, 2) == null) continue;
            String near = nearest(m, known, Math.max(2, m.length() / 3));
            String hint = near == null ? "" : "; did you mean \"" + near + "\"?";
            String problem = "unknown metric \"" + m + "\"" + (hint.isEmpty() ? "; metrics are the keys of a run's summary.json, e.g. "
                    + "guests.started, start.latency.p95S, hw.libvirtd.nofile" : hint);
            if (from == null) throw new InputException("--metric " + m, "", 0, problem);
            throw new InputException(from.file(), capsim.config.JsonPaths.index(from.at(), i), from.line(), problem);
        }
    }
}
