package capsim.model;

import capsim.config.Overrides;
import capsim.resource.BreakingPoint;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: load an experiment file with overrides, run it, look at its walls. */
final class Runs {
    private Runs() {
    }

    static Experiment load(String file, String... sets) {
        return ExperimentLoader.load(Path.of(file), Overrides.parseSets(List.of(sets), "--set")).experiment();
    }

    static RunResult run(String file, String... sets) {
        Experiment e = load(file, sets);
        return ExperimentRunner.run(e, e.seed());
    }

    /** The first breaking point on {@code resource}, or null. */
    static BreakingPoint wall(RunResult r, String resource) {
        for (BreakingPoint bp : r.breakingPoints()) if (bp.resource().equals(resource)) return bp;
        return null;
    }

    static long started(RunResult r) {
        return (long) r.metric("guests.started");
    }

    /** The guest number (1-based) in a subject like "guest-00497/qemu". */
    static int guestNumber(BreakingPoint bp) {
        String s = bp.subject();
        int at = s.indexOf("guest-");
        return Integer.parseInt(s.substring(at + 6, at + 11));
    }

    /** {@code base} sets followed by {@code more}: a test's shared shape plus one case's own. */
    static String[] sets(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
