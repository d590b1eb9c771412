package capsim.model.migration;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.stat.Tally;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.ProcessorSharingServer;
import capsim.resource.Scope;
import java.util.List;
import java.util.Map;

/**
 * Live migration at run time: the destination libvirt's migration port range and the network
 * link all concurrent migrations share (processor sharing), with one pre-copy activity per guest.
 *
 * <p>The port pool counts port numbers, not ports: it starts "used" up to migration_port_min - 1
 * and its limit is migration_port_max, so a refused migration reports the port number it would
 * need, which is the value migration_port_max must be raised to.
 */
public final class MigrationService {
    static final double MIB = 1024.0 * 1024;

    private final Simulation sim;
    private final MigrationSpec spec;
    private final LimitedPool ports;
    private final ProcessorSharingServer link;
    private final Runnable onFailure;
    final Tally times = new Tally("migration.time", true);
    final Tally downtimes = new Tally("migration.downtime", true);
    final Tally iterations = new Tally("migration.iterations", false);
    final Curve curve = new Curve("migrations", "guest", "startS", "endS", "timeS", "iterations", "downtimeMs",
            "sentGiB", "converged", "failed");
    long started;
    long failed;
    long nonConverged;
    private double firstStartS = Double.NaN;
    private double lastEndS = Double.NaN;

    public MigrationService(Simulation sim, MigrationSpec spec, double linkGbps, BreakingPointLog log, Runnable onFailure) {
        this.sim = sim;
        this.spec = spec;
        this.onFailure = onFailure;
        if (spec.portMax() < spec.portMin()) {
            throw new IllegalArgumentException("stack.migration.portMax " + spec.portMax() + " is below portMin " + spec.portMin());
        }
        LimitSpec portSpec = LimitSpec.tunable("libvirt.migration-ports", Scope.SERVICE, Errno.EADDRINUSE,
                "qemu.conf migration_port_max", "stack.migration.portMax").withFix(
                "libvirt reports \"Unable to find an unused port in range 'migration' (" + spec.portMin() + "-"
                        + spec.portMax() + ")\"; widen migration_port_min..max or give the port in the migration URI");
        this.ports = new LimitedPool(portSpec, spec.portMax(), log, false);
        ports.take(sim.now(), spec.portMin() - 1L);
        double perJob = spec.maxBandwidthMiBps() > 0 ? spec.maxBandwidthMiBps() * MIB : 0;
        this.link = new ProcessorSharingServer(sim, "migration.link", linkGbps * 1e9 / 8, perJob);
    }

    /** Migrates one guest; {@code done.onEvent(data)} runs when it has finished or failed. */
    public void migrate(MigrationPlan plan, int guest, EventHandler done, int data) {
        new PreCopyMigration(sim, this, plan, guest, done, data).start();
    }

    boolean takePort(String who, boolean explicit) {
        if (explicit) return true;
        if (ports.tryAcquire(sim.now(), who, 1)) return true;
        onFailure.run();
        return false;
    }

    void releasePort(boolean explicit) {
        if (!explicit) ports.release(sim.now(), 1);
    }

    void begin() {
        started++;
        if (Double.isNaN(firstStartS)) firstStartS = sim.nowSeconds();
    }

    void end() {
        lastEndS = sim.nowSeconds();
    }

    ProcessorSharingServer link() {
        return link;
    }

    MigrationSpec spec() {
        return spec;
    }

    public boolean used() {
        return started + failed > 0;
    }

    public Curve curve() {
        return curve;
    }

    /** Pools with usage traces: none, the port pool counts port numbers (its metrics count ports). */
    public List<LimitedPool> pools() {
        return List.of();
    }

    public void report(Map<String, Double> m) {
        if (!used()) return;
        m.put("migration.started", (double) started);
        m.put("migration.completed", (double) times.count());
        m.put("migration.failed", (double) failed);
        m.put("migration.nonConverged", (double) nonConverged);
        if (times.count() > 0) {
            m.put("migration.time.meanS", times.mean());
            m.put("migration.time.maxS", times.max());
            m.put("migration.time.p95S", times.percentile(95));
            m.put("migration.downtime.meanMs", downtimes.mean());
            m.put("migration.downtime.maxMs", downtimes.max());
            m.put("migration.iterations.mean", iterations.mean());
            m.put("migration.totalS", lastEndS - firstStartS);
        }
        // in ports, not port numbers
        m.put("hw.libvirt.migration-ports", (double) (ports.highWater() - (spec.portMin() - 1L)));
        m.put("limit.libvirt.migration-ports", (double) spec.ports());
    }
}
