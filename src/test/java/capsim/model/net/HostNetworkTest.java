package capsim.model.net;

import capsim.model.common.KernelVersion;

import static org.junit.jupiter.api.Assertions.*;

import capsim.scenario.ExperimentPaths;
import capsim.stat.Curve;
import capsim.model.host.HostSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class HostNetworkTest {
    private static final String QETH = "experiments/f02-qeth-2000-interfaces.json";
    private static final String BRIDGE = "experiments/f03-bridge-2000-guests.json";
    private static final String IPV6 = "experiments/f04-ipv6-routes-2000-devices.json";

    /** Slope of log(addS) against log(registered interfaces), over adds with at least {@code from} registered. */
    private static double growthExponent(Curve c, int from) {
        SimpleRegression fit = new SimpleRegression();
        double[] n = c.column("registeredBefore");
        double[] t = c.column("addS");
        for (int i = 0; i < n.length; i++) if (n[i] >= from) fit.addData(Math.log(n[i]), Math.log(t[i]));
        return fit.getSlope();
    }

    @Test
    void qethAddTimeGrowsLinearlyBeforeTheFixAndIsFlatAfter() {
        RunResult before = TestRuns.run(QETH);
        RunResult after = TestRuns.run(QETH, "stack.hostKernel.qethRegistration=changes-only");
        double b = growthExponent(TestRuns.curve(before, "interfaces"), 100);
        double a = growthExponent(TestRuns.curve(after, "interfaces"), 100);
        assertEquals(1.0, b, 0.05, "per-add time before the fix grows like n");
        assertEquals(0.0, a, 0.05, "per-add time after the fix does not grow");
        // total: quadratic before, linear after
        assertTrue(before.metric("net.add.totalS") > 500 * after.metric("net.add.totalS"));
    }

    @Test
    void theCalibrationPointIsReproducedAndTheCommandCostFollowsFromIt() {
        Experiment e = TestRuns.load(QETH);
        HostSpec h = e.host();
        QethSpec q = h.net().qeth();
        double perCommand = HostNetwork.calibratedQethCommandS(h.net());
        long commands = HostNetwork.qethCommandsPerAdd(q, QethRegistration.REWRITE_ALL, q.calibrationRegistered());
        assertEquals(q.calibrationAddS(), h.net().netdevCreateMs() / 1e3 + commands * perCommand, 1e-9);

        Curve c = TestRuns.curve(TestRuns.run(e), "interfaces");
        int row = q.calibrationRegistered(); // the add with exactly that many registered before it
        assertEquals(q.calibrationRegistered(), c.get(row, c.columns().indexOf("registeredBefore")));
        double scanS = c.get(row, c.columns().indexOf("devicesBefore")) * h.net().nameScanNsPerDevice() / 1e9;
        assertEquals(q.calibrationAddS() + scanS, c.get(row, c.columns().indexOf("addS")), 1e-6);
    }

    @Test
    void theOneThousandTwentyFourthBridgePortFailsWithExfull() {
        Experiment e = TestRuns.load(BRIDGE);
        int usable = e.host().net().bridgeMaxPorts() - 1;
        RunResult r = TestRuns.run(e);
        BreakingPoint bp = TestRuns.breakingPoint(r, "bridge.ports");
        assertNotNull(bp);
        assertEquals(Errno.EXFULL, bp.errno());
        assertEquals(usable, bp.limit());
        assertEquals(usable + 1, bp.demand(), "the first refused port is number BR_MAX_PORTS");
        assertEquals(usable, r.metric("net.interfaces.added"));
        assertFalse(bp.tunable(), "BR_MAX_PORTS is a constant");

        RunResult two = TestRuns.run(BRIDGE, "steps[0].bridges=2");
        assertEquals(2000, two.metric("net.interfaces.added"));
        assertNull(TestRuns.breakingPoint(two, "bridge.ports"));
    }

    @Test
    void ipv6InterfacesCountAgainstMaxSizeOnlyBeforeTheDstNocountSeries() {
        // hand-computed from the source's rule (docs/sources.md, kernel §6): before the 2013
        // series each interface's 3 FIB routes are counted dsts; max_size 4096, 8 base entries:
        // 1,362 interfaces fit (8 + 3 * 1362 = 4094), the 1,363rd needs 4097 > 4096
        RunResult old = TestRuns.run(IPV6, "host.kernel=\"3.11\"");
        assertEquals(1362, old.metric("net.interfaces.added"));
        assertEquals(3, old.metric("net.ipv6.dstPerInterface"));
        BreakingPoint bp = TestRuns.breakingPoint(old, "net.ipv6.route.max_size");
        assertEquals(Errno.ENOMEM, bp.errno());
        assertEquals(4096, bp.limit());
        assertEquals("host.net.ipv6.routeMaxSize", ExperimentPaths.of(bp));
        assertEquals(8 + 3 * 2000, bp.suggested(), "the value all 2,000 need");
        RunResult raised = TestRuns.run(IPV6, "host.kernel=\"3.11\"", "host.net.ipv6.routeMaxSize=6008");
        assertEquals(2000, raised.metric("net.interfaces.added"));
        RunResult tight = TestRuns.run(IPV6, "host.kernel=\"3.11\"", "host.net.ipv6.routeMaxSize=6007");
        assertEquals(1999, tight.metric("net.interfaces.added"), "8 + 3 * 1999 = 6005 fits 6007, 6008 does not");

        // boundary: 3.12 mainline and 3.10.28 stable allocate the FIB routes DST_NOCOUNT
        for (String k : new String[] {"3.12", "3.10.28", "4.1", "4.17", "4.18", "4.19", "5.10", "6.1.0", "6.2"}) {
            RunResult r = TestRuns.run(IPV6, "host.kernel=\"" + k + "\"");
            assertEquals(2000, r.metric("net.interfaces.added"), k);
            assertEquals(0, r.metric("net.ipv6.dstPerInterface"), k);
            assertNull(TestRuns.breakingPoint(r, "net.ipv6.route.max_size"), k);
        }
        for (String k : new String[] {"3.10.27", "3.11.10", "2.6.32"}) {
            assertEquals(1362, TestRuns.run(IPV6, "host.kernel=\"" + k + "\"").metric("net.interfaces.added"), k);
        }
        // the seed host's own kernel (4.1): FIB routes are DST_NOCOUNT, nothing fails
        Experiment e = TestRuns.load(IPV6);
        assertEquals("4.1", e.host().kernel());
        assertEquals(0, e.host().net().ipv6().eraFor(KernelVersion.parse("4.1")).dstPerInterface());
    }

    @Test
    void ipv6OnA61HostWith2000InterfacesHitsNoWall() {
        RunResult r = TestRuns.run(IPV6, "host=\"models/hosts/x86-2s-2024.json\"");
        assertEquals(2000, r.metric("net.interfaces.added"));
        assertEquals(0, r.metric("net.interfaces.failed"));
        assertEquals(1, r.metric("net.ipv6.maxSizeEnforced"), "6.1.0 still has the check, it just has nothing to count");
        assertNull(TestRuns.breakingPoint(r, "net.ipv6.route.max_size"));
        // and where the check is gone, even an old-era count passes
        assertEquals(0, TestRuns.run(IPV6, "host.kernel=\"6.3\"").metric("net.ipv6.maxSizeEnforced"));
    }

    @Test
    void namesFromOnePatternRunOutWithEnfile() {
        RunResult r = TestRuns.run(BRIDGE, "host.net.namesPerPattern=100", "steps[0].count=101", "steps[0].bridges=0");
        BreakingPoint bp = TestRuns.breakingPoint(r, "netdev.names");
        assertEquals(Errno.ENFILE, bp.errno());
        assertEquals(101, bp.demand());
        assertEquals(100, r.metric("net.interfaces.added"));
        // another pattern has its own bitmap
        RunResult other = TestRuns.run(BRIDGE, "host.net.namesPerPattern=100",
                "steps=[{\"kind\": \"add-interfaces\", \"count\": 100, \"ipv6\": false},"
                        + " {\"kind\": \"add-interfaces\", \"count\": 100, \"namePattern\": \"macvtap%d\", \"ipv6\": false}]");
        assertEquals(200, other.metric("net.interfaces.added"));
    }

    @Test
    void neighbourEntriesStopAtGcThresh3() {
        Experiment e = TestRuns.load(BRIDGE, "steps[0].neighbourEntries=2", "steps[0].bridges=2");
        long thresh = e.host().net().neighGcThresh3();
        RunResult r = TestRuns.run(e);
        assertEquals(thresh / 2, r.metric("net.interfaces.added"));
        assertEquals(Errno.ENOBUFS, TestRuns.breakingPoint(r, "neigh.gc_thresh3").errno());
    }

    @Test
    void simulatorWorkIsLinearInInterfacesEvenWhenTheModeledCostIsQuadratic() {
        RunResult r1 = TestRuns.run(QETH, "steps[0].count=1000");
        RunResult r2 = TestRuns.run(QETH, "steps[0].count=2000");
        assertEquals(2.0, r2.metric("sim.events") / r1.metric("sim.events"), 0.01);
        assertEquals(4.0, r2.metric("net.add.totalS") / r1.metric("net.add.totalS"), 0.05);
    }
}
