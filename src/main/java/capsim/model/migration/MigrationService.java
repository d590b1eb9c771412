package capsim.model.migration;

import capsim.model.common.HostComponent;
import capsim.stat.Curve.Column;
import capsim.measure.Unit;
import capsim.measure.MetricSink;
import capsim.resource.Knob;
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
public final class MigrationService implements HostComponent {
    static final double MIB = 1024.0 * 1024;

    private final Simulation sim;
    private final MigrationSpec spec;
    private final LimitedPool ports;
    private final ProcessorSharingServer link;
    final Tally times = new Tally("migration.time", true);
    final Tally downtimes = new Tally("migration.downtime", true);
    final Tally iterations = new Tally("migration.iterations", false);
    final Curve curve = new Curve("migrations", Column.against("guest", Unit.COUNT),
            Column.instant("startS", Unit.S), Column.instant("endS", Unit.S), Column.duration("timeS", Unit.S),
            Column.value("iterations", Unit.COUNT), Column.duration("downtimeMs", Unit.MS), Column.value("sentGiB", Unit.GIB),
            Column.value("converged", Unit.FLAG), Column.failed("failed"));
    long started;
    long failed;
    long nonConverged;
    private long maxInFlight;
    private double firstStartS = Double.NaN;
    private double lastEndS = Double.NaN;

    public MigrationService(Simulation sim, MigrationSpec spec, double linkGbps, BreakingPointLog log) {
        this.sim = sim;
        this.spec = spec;
        if (spec.portMax() < spec.portMin()) {
            throw new capsim.config.ValueException("stack.migration.portMin", "stack.migration.portMax " + spec.portMax() + " is below portMin " + spec.portMin());
        }
        // the pool counts port numbers up to portMax; the ports below portMin are taken at the start
        LimitSpec portSpec = LimitSpec.of("libvirt.migration-ports", Scope.SERVICE, Errno.EADDRINUSE, Knob.of(MigrationSpec::portMax)).withFix(
                "libvirt reports \"Unable to find an unused port in range 'migration' (" + spec.portMin() + "-"
                        + spec.portMax() + ")\"; widen migration_port_min..max or give the port in the migration URI");
        this.ports = new LimitedPool(portSpec, spec.portMax(), log, false);
        ports.take(sim.now(), spec.portMin() - 1L);
        double perJob = spec.maxBandwidthMiBps() > 0 ? spec.maxBandwidthMiBps() * MIB : 0;
        this.link = new ProcessorSharingServer(sim, "migration.link", linkGbps * 1e9 / 8, perJob);
    }

    /**
     * A batch of migrations with at most {@code inFlight} at once begins: with ports enough, no
     * more than that many (of this or an earlier batch) hold a port at once, which bounds the
     * port range a refused batch would need (each refused migration fails at once and the
     * batch starts the next, so refusals alone would count the whole batch).
     */
    void batch(long inFlight, boolean explicitPorts) {
        if (explicitPorts) return;
        maxInFlight = Math.max(maxInFlight, inFlight);
        ports.boundDemand(spec.portMin() - 1L + maxInFlight);
    }

    /** Migrates one guest; {@code done.onEvent(data)} runs when it has finished or failed. */
    public void migrate(MigrateGuests step, double memoryMiB, int guest, EventHandler done, int data) {
        new PreCopyMigration(sim, this, step, memoryMiB, guest, done, data).start();
    }

    boolean takePort(String who, boolean explicit) {
        if (explicit) return true;
        if (ports.tryAcquire(sim.now(), who, 1)) return true;
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
    @Override
    public List<LimitedPool> pools() {
        return List.of();
    }

    /** The port pool: a refused migration's port counts toward migration_port_max's suggestion. */
    @Override
    public List<LimitedPool> limits() {
        return List.of(ports);
    }

    @Override
    public List<Curve> curves() {
        return used() ? List.of(curve) : List.of();
    }

    @Override
    public void report(MetricSink m) {
        if (!used()) return;
        m.count("migration.started", (double) started);
        m.count("migration.completed", (double) times.count());
        m.count("migration.failed", (double) failed);
        m.count("migration.nonConverged", (double) nonConverged);
        if (times.count() > 0) {
            m.time("migration.time.meanS", Unit.S, times.mean());
            m.time("migration.time.maxS", Unit.S, times.max());
            m.time("migration.time.p95S", Unit.S, times.percentile(95));
            m.time("migration.downtime.meanMs", Unit.MS, downtimes.mean());
            m.time("migration.downtime.maxMs", Unit.MS, downtimes.max());
            m.count("migration.iterations.mean", iterations.mean());
            m.time("migration.totalS", Unit.S, lastEndS - firstStartS);
        }
        // in ports, not port numbers
        m.highWater("libvirt.migration-ports", Unit.COUNT, (double) (ports.highWater() - (spec.portMin() - 1L)));
        m.limit("libvirt.migration-ports", Unit.COUNT, (double) spec.ports());
    }
}
