package capsim.scenario;

import capsim.config.RecordPaths;
import capsim.resource.BreakingPoint;
import capsim.resource.Knob;

/**
 * The experiment path of a knob's value ("host.sysctl.aioMaxNr"), derived from where its model
 * record sits in {@link Experiment}: what {@code --set}, a wall search and a tuning plan's re-run set.
 */
public final class ExperimentPaths {
    private ExperimentPaths() {
    }

    /** The path that sets {@code knob}; empty when no experiment value holds it (a constant). */
    public static String of(Knob knob) {
        return knob.hasValue() ? RecordPaths.of(Experiment.class).pathOf(knob.owner(), knob.component()) : "";
    }

    /** The path that sets the limit a breaking point hit; empty for a hard limit. */
    public static String of(BreakingPoint bp) {
        return of(bp.knobSpec());
    }
}
