package capsim.model.common;

import capsim.measure.MetricSink;
import capsim.resource.LimitedPool;
import capsim.stat.Curve;
import java.util.List;

/**
 * One part of a host at run time (the kernel's pools, libvirtd, machined, the QEMU processes,
 * KVM, the network, migration, sshd, crash dumps). The host system holds a list of them and
 * walks it for pools, curves and metrics; a step finds the one it drives by its class.
 */
public interface HostComponent {
    /** Pools whose usage over time a report shows, in the order they are listed. */
    default List<LimitedPool> pools() {
        return List.of();
    }

    /**
     * Every pool whose refusals the run's suggestions count ({@link LimitedPool#wouldNeed}): those
     * {@link #pools()} shows and those a report does not (port numbers, one pool per connection).
     */
    default List<LimitedPool> limits() {
        return pools();
    }

    /** Tables this part produced; empty until a step used it. */
    default List<Curve> curves() {
        return List.of();
    }

    /** Adds this part's metrics; a part that reports only once used adds nothing before. */
    default void report(MetricSink m) {
    }

    /** Called once before the first event (at simulated time 0). */
    default void atStart() {
    }

    /** Called once after the last event, before the report. */
    default void atEnd() {
    }
}
