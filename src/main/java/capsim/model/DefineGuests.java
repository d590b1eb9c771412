package capsim.model;

import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepCheck;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** Define N persistent guests in libvirt (virsh define). */
@Kind("define")
@Doc("define guests in libvirt")
public record DefineGuests(
        @Doc("guests to define") @Range(min = 1, max = 10_000_000) int count,
        @Doc("define calls in flight at once") @Default("1") @Range(min = 1, max = 100_000) int concurrency) implements Step {

    @Override
    public void check(StepCheck check) {
        check.defined(count);
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, (i, done) -> ctx.define(done, i), next).start();
    }
}
