package capsim.model;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepCheck;
import capsim.model.common.StepContext;

/**
 * Shut down N running guests gracefully (virsh shutdown), the one that came up first first, as a
 * rolling churn script does; each call is done when its guest is shut off (the script waits for
 * it). A shut-off guest gives back all its start took and can be started again.
 */
@Kind("stop")
@Doc("shut down running guests gracefully (virsh shutdown), the longest running first; each is defined and can be started again")
public record StopGuests(
        @Doc("guests to shut down") @Range(min = 1, max = 10_000_000) int count,
        @Doc("shutdown calls in flight at once (each until its guest is shut off)") @Default("1") @Range(min = 1, max = 100_000) int concurrency) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void check(StepCheck check) {
        checkRunning(check, count, "shuts down");
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, (i, done) -> ctx.stopNext(done, i), next).start();
    }

    /** A stop or destroy needs as many guests running after the earlier steps (as if every start succeeded). */
    static void checkRunning(StepCheck check, int count, String verb) {
        long running = check.runningGuests();
        if (count > running) {
            throw check.reject("count", verb + " " + count + " guests but " + (running == 0 ? "none is" : "only " + running + " are")
                    + " running after the earlier steps (" + check.startedGuests() + " started, " + check.shutOffGuests()
                    + " stopped or destroyed)" + (running == 0 ? "" : "; allowed 1 .. " + running));
        }
        check.shutOff(count);
    }
}
