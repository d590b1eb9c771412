package capsim.model.migration;

import capsim.kernel.Activity;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;

/**
 * One live migration in the style of QEMU's pre-copy: send all RAM, then over and over the pages
 * the guest dirtied meanwhile, until what is left can be sent within the downtime limit at the
 * bandwidth the last round achieved; then stop the guest and send the rest. The rounds run on the
 * shared link, so concurrent migrations slow each other down and dirty more memory per round.
 */
final class PreCopyMigration extends Activity {
    private static final int PORT = 0, ROUND = 1, ROUND_DONE = 2, STOPPED = 3;

    private final MigrationService svc;
    private final MigrateGuests plan;
    private final double memoryMiB;
    private final int guest;
    private final EventHandler done;
    private final int doneData;
    private final String who;
    private long startNs;
    private long roundStartNs;
    private double roundBytes;
    private double sentBytes;
    private int rounds;
    private double remainingBytes;
    private boolean converged;

    PreCopyMigration(Simulation sim, MigrationService svc, MigrateGuests plan, double memoryMiB, int guest, EventHandler done, int doneData) {
        super(sim);
        this.svc = svc;
        this.plan = plan;
        this.memoryMiB = memoryMiB;
        this.guest = guest;
        this.done = done;
        this.doneData = doneData;
        this.who = String.format("migration-%05d", guest + 1);
    }

    @Override
    protected void resume(int step) {
        switch (step) {
            case PORT -> {
                startNs = sim.now();
                if (!svc.takePort(who, plan.explicitPorts())) {
                    svc.failed++;
                    svc.curve.add(guest + 1, startNs / 1e9, startNs / 1e9, 0, 0, 0, 0, 0, 1);
                    done.onEvent(doneData);
                    return;
                }
                svc.begin();
                remainingBytes = memoryMiB * MigrationService.MIB;
                resumeAfter(Math.round(svc.spec().setupMs() * Simulation.NS_PER_MS), ROUND);
            }
            case ROUND -> send(remainingBytes, ROUND_DONE);
            case ROUND_DONE -> {
                rounds++;
                double roundS = Math.max(1e-9, (sim.now() - roundStartNs) / 1e9);
                double bandwidth = roundBytes / roundS;
                double wss = (plan.workingSetMiB() > 0 ? Math.min(plan.workingSetMiB(), memoryMiB) : memoryMiB)
                        * MigrationService.MIB;
                remainingBytes = Math.min(wss, plan.dirtyMiBps() * MigrationService.MIB * roundS);
                double thresholdBytes = bandwidth * svc.spec().downtimeLimitMs() / 1e3;
                if (remainingBytes <= thresholdBytes) {
                    converged = true;
                    send(remainingBytes, STOPPED);
                } else if (rounds >= svc.spec().maxIterations()) {
                    send(remainingBytes, STOPPED);
                } else {
                    send(remainingBytes, ROUND_DONE);
                }
            }
            case STOPPED -> {
                double downtimeMs = (sim.now() - roundStartNs) / 1e6;
                double timeS = (sim.now() - startNs) / 1e9;
                svc.releasePort(plan.explicitPorts());
                svc.end();
                svc.times.add(timeS);
                svc.downtimes.add(downtimeMs);
                svc.iterations.add(rounds);
                if (!converged) svc.nonConverged++;
                svc.curve.add(guest + 1, startNs / 1e9, sim.nowSeconds(), timeS, rounds, downtimeMs,
                        sentBytes / (MigrationService.MIB * 1024), converged ? 1 : 0, 0);
                done.onEvent(doneData);
            }
            default -> throw new IllegalStateException("step " + step);
        }
    }

    private void send(double bytes, int next) {
        roundStartNs = sim.now();
        roundBytes = bytes;
        sentBytes += bytes;
        svc.link().submit(bytes, this, next);
    }
}
