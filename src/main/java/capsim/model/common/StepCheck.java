package capsim.model.common;

import java.util.function.BiFunction;

/**
 * The checks of an experiment's steps in order: what the steps before this one did (guests
 * defined and started), and how to reject a field of this step with its file, path and line.
 */
public final class StepCheck {
    private final BiFunction<String, String, RuntimeException> reject;
    private long definedGuests;
    private long startedGuests;

    /** @param reject makes the error for (key of the current step, problem) */
    public StepCheck(BiFunction<String, String, RuntimeException> reject) {
        this.reject = reject;
    }

    public long definedGuests() {
        return definedGuests;
    }

    public long startedGuests() {
        return startedGuests;
    }

    public void defined(long n) {
        definedGuests += n;
    }

    public void started(long n) {
        startedGuests += n;
    }

    /** The error for {@code key} of the step being checked; throw it. */
    public RuntimeException reject(String key, String problem) {
        return reject.apply(key, problem);
    }
}
