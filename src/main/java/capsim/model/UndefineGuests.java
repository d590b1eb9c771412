package capsim.model;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepCheck;
import capsim.model.common.StepContext;

/** Undefine N defined guests that are not running (virsh undefine), the one defined or shut off earliest first. */
@Kind("undefine")
@Doc("undefine defined guests that are not running (virsh undefine), the one waiting longest first")
public record UndefineGuests(
        @Doc("guests to undefine") @Range(min = 1, max = 10_000_000) int count,
        @Doc("undefine calls in flight at once") @Default("1") @Range(min = 1, max = 100_000) int concurrency) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void check(StepCheck check) {
        long available = check.notRunningGuests();
        if (count > available) {
            throw check.reject("count", "undefines " + count + " guests but only " + available + " defined guests are not running after the earlier steps ("
                    + check.definedGuests() + " defined, " + check.undefinedGuests() + " undefined, " + check.runningGuests() + " running)"
                    + (available == 0 ? "" : "; allowed 1 .. " + available));
        }
        check.undefined(count);
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, (i, done) -> ctx.undefineNext(done, i), next).start();
    }
}
