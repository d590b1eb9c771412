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
 * Kill N running guests (virsh destroy), the one that came up first first: QEMU gets SIGTERM
 * and the guest no say. A destroyed guest gives back all its start took and can be started again.
 */
@Kind("destroy")
@Doc("kill running guests (virsh destroy), the longest running first; each is defined and can be started again")
public record DestroyGuests(
        @Doc("guests to destroy") @Range(min = 1, max = 10_000_000) int count,
        @Doc("destroy calls in flight at once") @Default("1") @Range(min = 1, max = 100_000) int concurrency) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void check(StepCheck check) {
        StopGuests.checkRunning(check, count, "destroys");
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, (i, done) -> ctx.destroyNext(done, i), next).start();
    }
}
