package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentPaths;
import capsim.resource.BreakingPoint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each seed-finding experiment of the network, KVM, migration and dump models runs fast and names its wall. */
class NetworkExperimentsTest {
    static Stream<Arguments> experiments() {
        return Stream.of(
                Arguments.of("f01-dump-time-vs-host-ram", "dump.time.min"),
                Arguments.of("f02-qeth-2000-interfaces", "netdev.add-time.ms"),
                Arguments.of("f02-qeth-2000-interfaces-fixed", null),
                Arguments.of("f03-bridge-2000-guests", "bridge.ports"),
                Arguments.of("f03-bridge-2000-guests-two-bridges", null),
                Arguments.of("f04-ipv6-routes-2000-devices", null),
                Arguments.of("f04-ipv6-routes-2000-devices-kernel-3.11", "net.ipv6.route.max_size"),
                Arguments.of("f04-ipv6-routes-2000-devices-kernel-6.3", null),
                Arguments.of("f17-migrate-65-concurrent", "libvirt.migration-ports"),
                Arguments.of("f17-migrate-65-concurrent-128-ports", null),
                Arguments.of("f18-ssh-fanout-20-sessions", "sshd.sessions"),
                Arguments.of("f18-ssh-fanout-20-sessions-maxsessions-20", null),
                Arguments.of("f19-memslot-10tib-guest", "kvm.memslot-pages"),
                Arguments.of("f19-memslot-10tib-guest-current-qemu", null),
                Arguments.of("f20-host-ram-above-1tb", "host.ram-ceiling"),
                Arguments.of("f20-host-ram-above-1tb-fixed", null),
                Arguments.of("f21-hotplug-1000-virtio-net-per-route", "hotplug.device-time.us"),
                Arguments.of("f21-hotplug-1000-virtio-net-per-device", null),
                Arguments.of("f21-hotplug-1000-virtio-net-per-batch", null),
                Arguments.of("f22-irq-routes-1000-virtio-net", null),
                Arguments.of("f22-irq-routes-1000-virtio-net-1024-routes", "kvm.irq-routes"),
                Arguments.of("f22-irq-routes-1000-virtio-net-payload", null));
    }

    @ParameterizedTest
    @MethodSource("experiments")
    void runsInSecondsAndNamesTheWallTheKnobAndTheFix(String name, String wall) {
        long t0 = System.nanoTime();
        RunResult r = TestRuns.run("experiments/" + name + ".json");
        double wallS = (System.nanoTime() - t0) / 1e9;
        assertTrue(wallS < 5, name + " took " + wallS + " s");
        if (wall == null) {
            assertEquals(RunResult.Outcome.COMPLETED, r.outcome(), () -> name + ": " + r.breakingPoints());
            return;
        }
        assertEquals(RunResult.Outcome.BROKE, r.outcome());
        BreakingPoint bp = r.breakingPoints().get(0);
        assertEquals(wall, bp.resource());
        assertFalse(bp.knob().isBlank());
        assertTrue(bp.tunable() ? !ExperimentPaths.of(bp).isEmpty() : !bp.fix().isBlank(),
                "a tunable wall names its knob path, a hard one its fix");
    }
}
