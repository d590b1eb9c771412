package capsim.model;

import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepCheck;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** Start N of the defined guests (virsh start), with a number of starts in flight at once. */
@Kind("start")
@Doc("start defined guests")
public record StartGuests(
        @Doc("guests to start") @Range(min = 1, max = 10_000_000) int count,
        @Doc("start calls in flight at once") @Default("1") @Range(min = 1, max = 100_000) int concurrency,
        @Doc("pool: keep `concurrency` starts in flight (xargs -P); waves: start `concurrency` at once, wait for all of them, then the next wave (a shell loop with & and wait)") @Default("\"pool\"") Pattern pattern,
        @Doc("a start that takes longer than this (request to booted guest) is a breaking point, s; 0 = no SLO") @Default("0") @Range(min = 0) double latencySloS) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return (double) count * (1 + guest.disks() + guest.nics());
    }

    /** A start needs guests defined by earlier steps and not running. */
    @Override
    public void check(StepCheck check) {
        long available = check.notRunningGuests();
        if (count > available && !check.churned()) {
            throw check.reject("count", "starts " + (check.startedGuests() + count) + " guests in all but only "
                    + check.definedGuests() + " are defined by earlier steps; allowed 1 .. " + available);
        }
        if (count > available) {
            throw check.reject("count", "starts " + count + " guests but only " + available + " defined guests are not running after the earlier steps ("
                    + check.definedGuests() + " defined, " + check.undefinedGuests() + " undefined, " + check.runningGuests() + " running); allowed 1 .. " + available);
        }
        check.started(count);
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, pattern == Pattern.WAVES, (i, done) -> ctx.startNext(latencySloS, done, i), next).start();
    }

    /** How a script keeps its starts in flight. */
    public enum Pattern {
        POOL, WAVES
    }
}
