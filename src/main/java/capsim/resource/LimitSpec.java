package capsim.resource;

import capsim.measure.Unit;
import java.util.function.DoubleUnaryOperator;

/**
 * What a limit is and how to move it: one declaration per limit.
 *
 * @param resource name of the resource ("fs.aio-max-nr", "libvirtd.nofile")
 * @param scope    where the limit applies
 * @param errno    what a real system returns when it is exhausted
 * @param unit     what the pool counts (fds, MiB of RAM, KiB of commit charge)
 * @param knob     the setting that moves it, or a {@link Knob#constant constant} for a hard limit
 * @param knobNote what a person should know beside the knob's name ("(or qemu.conf max_processes)"); may be empty
 * @param toKnob   the knob value that gives a limit of so many pool units (identity when the knob
 *                 is the limit; host RAM in GiB for a pool of usable MiB)
 * @param fix      what removes the wall when no knob does (a design change, a newer version); may be empty
 */
public record LimitSpec(String resource, Scope scope, Errno errno, Unit unit, Knob knob, String knobNote,
                        DoubleUnaryOperator toKnob, String fix) {

    /** A limit its knob sets one to one, counted in the knob's unit. */
    public static LimitSpec of(String resource, Scope scope, Errno errno, Knob knob) {
        return new LimitSpec(resource, scope, errno, knob.unit(), knob, "", DoubleUnaryOperator.identity(), "");
    }

    /** A hard constant (BR_MAX_PORTS, KVM_MEM_MAX_NR_PAGES): no knob moves it; {@code fix} does. */
    public static LimitSpec hard(String resource, Scope scope, Errno errno, String constant, String fix) {
        return new LimitSpec(resource, scope, errno, Unit.COUNT, Knob.constant(constant), "", DoubleUnaryOperator.identity(), fix);
    }

    /** The experiment's own SLO (a step's latency or steal threshold): missed, not exhausted; {@code fix} says what meets it. */
    public static LimitSpec slo(String resource, Scope scope, Errno errno, String description, String fix) {
        return new LimitSpec(resource, scope, errno, Unit.COUNT, Knob.slo(description), "", DoubleUnaryOperator.identity(), fix);
    }

    public LimitSpec withFix(String newFix) {
        return new LimitSpec(resource, scope, errno, unit, knob, knobNote, toKnob, newFix);
    }

    public LimitSpec withNote(String note) {
        return new LimitSpec(resource, scope, errno, unit, knob, note, toKnob, fix);
    }

    /** The pool counts {@code poolUnit}; {@code conversion} gives the knob value for a limit in those units. */
    public LimitSpec counting(Unit poolUnit, DoubleUnaryOperator conversion) {
        return new LimitSpec(resource, scope, errno, poolUnit, knob, knobNote, conversion, fix);
    }

    /** The knob as a person reads it: "sysctl fs.aio-max-nr", with its note. */
    public String knobText() {
        return knobNote.isEmpty() ? knob.text() : knob.text() + " " + knobNote;
    }

    public boolean tunable() {
        return knob.tunable();
    }

    /**
     * The smallest knob value, in the knob's unit, whose limit holds {@code poolUnits}: rounded up
     * to a whole value (every knob capsim writes takes whole numbers).
     */
    public long knobValueFor(long poolUnits) {
        double v = toKnob.applyAsDouble(poolUnits);
        return (long) Math.ceil(v - 1e-9);
    }
}
