package capsim.model.common;

import java.util.function.BiFunction;

/**
 * The checks of an experiment's steps in order: what the steps before this one did (guests
 * defined, started, shut off, undefined, as if every start succeeded), and how to reject a field
 * of this step with its file, path and line.
 */
public final class StepCheck {
    private final BiFunction<String, String, RuntimeException> reject;
    private long definedGuests;
    private long startedGuests;
    private long shutOffGuests;
    private long undefinedGuests;

    /** @param reject makes the error for (key of the current step, problem) */
    public StepCheck(BiFunction<String, String, RuntimeException> reject) {
        this(reject, java.util.Set.of());
    }

    /** @param profiles the names of the experiment's guest profiles (a mix) */
    public StepCheck(BiFunction<String, String, RuntimeException> reject, java.util.Set<String> profiles) {
        this.reject = reject;
        this.profiles = java.util.Set.copyOf(profiles);
    }

    private final java.util.Set<String> profiles;

    /** The experiment's guest profiles, by name. */
    public java.util.Set<String> profiles() {
        return profiles;
    }

    public long definedGuests() {
        return definedGuests;
    }

    public long startedGuests() {
        return startedGuests;
    }

    /** Starts of running guests that a stop or destroy ended. */
    public long shutOffGuests() {
        return shutOffGuests;
    }

    public long undefinedGuests() {
        return undefinedGuests;
    }

    /** Guests running after the steps so far. */
    public long runningGuests() {
        return startedGuests - shutOffGuests;
    }

    /** Guests defined and not running after the steps so far: what a start or an undefine may take. */
    public long notRunningGuests() {
        return definedGuests - undefinedGuests - runningGuests();
    }

    /** True once a step has stopped, destroyed or undefined guests: the counts are no longer "defined" and "started" alone. */
    public boolean churned() {
        return shutOffGuests > 0 || undefinedGuests > 0;
    }

    public void defined(long n) {
        definedGuests += n;
    }

    public void started(long n) {
        startedGuests += n;
    }

    /** {@code n} running guests were stopped or destroyed. */
    public void shutOff(long n) {
        shutOffGuests += n;
    }

    public void undefined(long n) {
        undefinedGuests += n;
    }

    /** The error for {@code key} of the step being checked; throw it. */
    public RuntimeException reject(String key, String problem) {
        return reject.apply(key, problem);
    }
}
