package capsim.resource;

import capsim.measure.Unit;

/**
 * One failure that explains itself: when, who, which limit (resource, scope, errno, unit, knob,
 * fix), the limit, the demand that exceeded it, and the smallest limit that would have let the
 * workload through.
 *
 * @param suggested the limit, in the pool's unit, that would have let the whole workload through
 */
public record BreakingPoint(long timeNs, String subject, LimitSpec spec, long limit, long demand, long suggested) {

    public double timeS() {
        return timeNs / 1e9;
    }

    public static BreakingPoint of(long timeNs, String subject, LimitSpec spec, long limit, long demand) {
        return new BreakingPoint(timeNs, subject, spec, limit, demand, demand);
    }

    public BreakingPoint withSuggested(long value) {
        return new BreakingPoint(timeNs, subject, spec, limit, demand, value);
    }

    public String resource() {
        return spec.resource();
    }

    public Scope scope() {
        return spec.scope();
    }

    public Errno errno() {
        return spec.errno();
    }

    /** What the limit, demand and suggestion count. */
    public Unit unit() {
        return spec.unit();
    }

    /** The knob as a person reads it. */
    public String knob() {
        return spec.knobText();
    }

    public Knob knobSpec() {
        return spec.knob();
    }

    public boolean tunable() {
        return spec.tunable();
    }

    /** The experiment's own SLO, missed (not a limit of the host exhausted): a person reads "your SLO", not "hard limit". */
    public boolean slo() {
        return spec.knob().kind() == KnobKind.SLO;
    }

    public String fix() {
        return spec.fix();
    }

    /** The knob value, in the knob's own unit, that would have let the whole workload through. */
    public long suggestedKnobValue() {
        return spec.knobValueFor(suggested);
    }
}
