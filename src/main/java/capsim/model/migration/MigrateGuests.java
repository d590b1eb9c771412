package capsim.model.migration;

import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** Live-migrate guests shaped like the experiment's guest to a peer host with the same stack. */
@Kind("migrate")
@Doc("live-migrate guests to a peer host with the same stack, several at once over the shared link")
public record MigrateGuests(
        @Doc("guests to migrate") @Range(min = 1, max = 1_000_000) int count,
        @Doc("migrations in flight at once (0 = all at once)") @Default("0") @Range(min = 0, max = 1_000_000) int concurrency,
        @Doc("RAM of each guest, MiB (0 = the guest's memoryMiB)") @Default("0") @Range(min = 0, max = 1.6e9) double memoryMiB,
        @Doc("rate at which each guest dirties memory while it migrates, MiB/s; 0 = the dirty rate of a load running meanwhile (the migrated guests are loaded ones), else none") @Default("0") @Range(min = 0) double dirtyMiBps,
        @Doc("memory each guest keeps rewriting, MiB: the dirty set never exceeds it (0 = all RAM)") @Default("0") @Range(min = 0, max = 1.6e9) double workingSetMiB,
        @Doc("each migration names its port in the URI, so libvirt's migration port range is not used") @Default("false") boolean explicitPorts) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        MigrationService migration = ctx.component(MigrationService.class);
        double mem = memoryMiB > 0 ? memoryMiB : ctx.guest().memoryMiB();
        int inFlight = concurrency > 0 ? Math.min(concurrency, count) : count;
        migration.batch(inFlight, explicitPorts);
        double loadDirty = ctx.loadDirtyMiBPerS();
        MigrateGuests plan = dirtyMiBps > 0 || loadDirty == 0 ? this
                : new MigrateGuests(count, concurrency, memoryMiB, loadDirty, workingSetMiB, explicitPorts);
        new ConcurrentBatch(count, concurrency > 0 ? concurrency : count,
                (i, done) -> migration.migrate(plan, mem, i, done, i), next).start();
    }
}
