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
        @Doc("define calls in flight at once") @Default("1") @Range(min = 1, max = 100_000) int concurrency,
        @Doc("the guest profile (a name under the experiment's profiles) the defined guests have; \"\" = the experiment's guest") @Default("\"\"") String profile) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void check(StepCheck check) {
        if (!profile.isEmpty() && !check.profiles().contains(profile)) {
            throw check.reject("profile", "no guest profile \"" + profile + "\" in the experiment's profiles; "
                    + (check.profiles().isEmpty() ? "it has none" : "it has " + new java.util.TreeSet<>(check.profiles())));
        }
        check.defined(count);
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        new ConcurrentBatch(count, concurrency, (i, done) -> ctx.define(profile, done, i), next).start();
    }
}
