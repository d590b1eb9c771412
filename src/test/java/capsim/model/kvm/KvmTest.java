package capsim.model.kvm;

import static org.junit.jupiter.api.Assertions.*;

import capsim.stat.Curve;
import capsim.model.host.HostSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.scenario.Experiment;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class KvmTest {
    private static final String HOTPLUG = "experiments/f21-hotplug-1000-virtio-net-per-route.json";
    private static final String ROUTES = "experiments/f22-irq-routes-1000-virtio-net.json";
    private static final String MEMSLOT = "experiments/f19-memslot-10tib-guest.json";

    /** Total hot-plug time (routing only: device_add cost set to 0) for n single-queue devices. */
    private static double hotplugS(String policy, int n) {
        RunResult r = TestRuns.run(HOTPLUG, "stack.qemuKvm.virtioCcw.commit=" + policy, "stack.qemuKvm.hotplugDeviceMs=0",
                "host.kvm.maxIrqRoutes=1000000", "steps[0].count=" + n, "steps[0].virtqueuesPerDevice=1", "steps[0].deviceSloMs=0");
        return r.metric("hotplug.totalS");
    }

    private static double exponent(String policy, int... ns) {
        SimpleRegression fit = new SimpleRegression();
        for (int n : ns) fit.addData(Math.log(n), Math.log(hotplugS(policy, n)));
        return fit.getSlope();
    }

    @Test
    void perRouteCommitsGiveQuadraticTotalTimeAndBatchedOnesLinear() {
        // large enough that the per-entry part of a commit outweighs its fixed part (SRCU grace period, pins)
        assertEquals(2.0, exponent("per-route", 8000, 16000, 32000), 0.15);
        assertEquals(1.0, exponent("per-batch", 8000, 16000, 32000), 0.05);
    }

    @Test
    void aCommitCostsWhatTheFormulaSaysForTheTableItReplaces() {
        Experiment e = TestRuns.load(HOTPLUG, "stack.qemuKvm.hotplugDeviceMs=0", "steps[0].deviceSloMs=0");
        KvmSpec k = e.host().kvm();
        RoutingCommitCost c = k.routingCommit();
        int q = e.steps().get(0) instanceof capsim.model.kvm.HotplugDevices h ? h.virtqueuesPerDevice() : 0;
        int n = 200;
        RunResult r = TestRuns.run(TestRuns.load(HOTPLUG, "stack.qemuKvm.hotplugDeviceMs=0", "steps[0].deviceSloMs=0",
                "steps[0].count=" + n));
        double fixedNs = c.fixedUs() * 1e3 + c.perPinNs() * k.nrIrqchips() * k.irqchipNumPins() + c.srcuGracePeriodUs() * 1e3;
        double expectedNs = 0;
        long routes = 0;
        long irqfds = 0;
        for (int d = 0; d < n; d++) {
            for (int j = 0; j < q; j++) {
                routes++;
                expectedNs += e.stack().qemuKvm().routeAddUs() * 1e3 + fixedNs + c.perEntryNs() * routes + c.perIrqfdNs() * irqfds;
            }
            irqfds += q; // irqfds of a device are wired after its routes
        }
        assertEquals(expectedNs / 1e9, r.metric("hotplug.totalS"), 1e-9);
        assertEquals((double) n * q, r.metric("kvm.irqRouting.commits"));
    }

    @Test
    void perDeviceCommitsCutTheCommitsByTheQueuesPerDevice() {
        RunResult route = TestRuns.run(HOTPLUG);
        RunResult device = TestRuns.run(HOTPLUG, "stack.qemuKvm.virtioCcw.commit=per-device");
        RunResult batch = TestRuns.run(HOTPLUG, "stack.qemuKvm.virtioCcw.commit=per-batch");
        assertEquals(3000, route.metric("kvm.irqRouting.commits"));
        assertEquals(1000, device.metric("kvm.irqRouting.commits"));
        assertEquals(1, batch.metric("kvm.irqRouting.commits"));
        assertTrue(route.metric("hotplug.routingS") > 2.5 * device.metric("hotplug.routingS"));
        assertTrue(device.metric("hotplug.routingS") > 100 * batch.metric("hotplug.routingS"));
        // time per device grows with the devices present for per-route, not for batched commits
        Curve c = TestRuns.curve(route, "hotplug");
        double[] ms = c.column("routingMs");
        assertTrue(ms[999] > 5 * ms[0]);
        assertNotNull(TestRuns.breakingPoint(route, "hotplug.device-time.us"), "per-route breaks the device SLO");
        assertNull(TestRuns.breakingPoint(device, "hotplug.device-time.us"));
    }

    /** q35: each hot-plugged NIC takes a free pcie-root-port; with 5 ports, NICs 6 to 8 are refused at device_add. */
    @Test
    void hotplugSlotsRunOutAtTheFreeRootPorts() {
        RunResult r = TestRuns.run(TestRuns.load(ROUTES, "steps[0].count=8", "steps[0].hotplugSlots=5"));
        BreakingPoint bp = TestRuns.breakingPoint(r, "pci.hotplug-slots");
        assertNotNull(bp, "the 6th device finds no free slot");
        assertEquals("device-0006 device_add: no free hot-plug slot", bp.subject());
        assertEquals(8 - 5, r.metric("hotplug.refusedDevices"));
        assertNull(TestRuns.breakingPoint(TestRuns.run(TestRuns.load(ROUTES, "steps[0].count=8")), "pci.hotplug-slots"),
                "no slots named: CCW needs none");
    }

    @Test
    void routesRunOutWhereKvmMaxIrqRoutesSays() {
        Experiment e = TestRuns.load(ROUTES, "host.kvm.maxIrqRoutes=1024");
        long limit = e.host().kvm().maxIrqRoutes();
        TransportIrqSpec t = e.stack().qemuKvm().virtioCcw();
        long perDevice = t.routesFor(3);
        RunResult r = TestRuns.run(e);
        BreakingPoint bp = TestRuns.breakingPoint(r, "kvm.irq-routes");
        assertEquals(Errno.ENOSPC, bp.errno());
        assertEquals(String.format("device-%04d", limit / perDevice + 1), bp.subject());
        assertEquals(1000 - limit / perDevice, r.metric("hotplug.withoutIrqfd"));

        RunResult s390 = TestRuns.run(ROUTES);
        assertEquals(0, s390.metric("hotplug.withoutIrqfd"), "3,000 routes fit s390's 4,096");
        RunResult payload = TestRuns.run(ROUTES, "host.kvm.maxIrqRoutes=1024",
                "stack.qemuKvm.virtioCcw.routesPerVirtqueue=0", "stack.qemuKvm.virtioCcw.routesPerDevice=1");
        assertEquals(0, payload.metric("hotplug.withoutIrqfd"));
        assertEquals(1000, payload.metric("kvm.irqRouting.routes"));
    }

    @Test
    void pinsSizeEveryRoutingTableAllocation() {
        RunResult pins4096 = TestRuns.run(ROUTES);
        RunResult pins1 = TestRuns.run(ROUTES, "host.kvm.irqchipNumPins=1");
        assertEquals(16380, pins4096.metric("kvm.irqRouting.tableBytes") - pins1.metric("kvm.irqRouting.tableBytes"));
        assertTrue(pins4096.metric("kvm.irqRouting.commitTotalS") > pins1.metric("kvm.irqRouting.commitTotalS"));
    }

    @Test
    void aGuestLargerThanOneMemslotFailsWhereTheSlotLimitSays() {
        Experiment e = TestRuns.load(MEMSLOT);
        HostSpec h = e.host();
        long maxSlotMiB = h.kvm().maxSlotBytes() / (1024 * 1024);
        RunResult fits = TestRuns.run(MEMSLOT, "guest.memoryMiB=" + maxSlotMiB);
        assertEquals(1, fits.metric("guests.started"));
        RunResult over = TestRuns.run(MEMSLOT, "guest.memoryMiB=" + (maxSlotMiB + 1));
        BreakingPoint bp = TestRuns.breakingPoint(over, "kvm.memslot-pages");
        assertEquals(Errno.EINVAL, bp.errno());
        assertEquals(h.kvm().memMaxNrPages(), bp.limit());
        assertEquals((maxSlotMiB + 1) * 1024 * 1024 / h.kvm().pageSizeBytes(), bp.demand());
        assertEquals(0, over.metric("guests.started"));

        RunResult split = TestRuns.run("experiments/f19-memslot-10tib-guest-current-qemu.json");
        assertEquals(1, split.metric("guests.started"));
        double slotGiB = TestRuns.load("experiments/f19-memslot-10tib-guest-current-qemu.json").stack().qemuKvm().memslotMaxGiBS390x();
        assertEquals(Math.ceil(10240 / slotGiB) + TestRuns.load(MEMSLOT).stack().qemuKvm().baseMemslots(),
                split.metric("kvm.memslots.maxSlots"));
    }

    @Test
    void tooManySlotsFailAgainstKvmUserMemSlots() {
        Experiment e = TestRuns.load(MEMSLOT, "stack.qemuKvm.memslotMaxGiBS390x=1", "guest.memoryMiB=65536");
        int allowed = e.host().kvm().userMemslots();
        RunResult r = TestRuns.run(e);
        BreakingPoint bp = TestRuns.breakingPoint(r, "kvm.memslots");
        assertEquals(allowed, bp.limit());
        assertEquals(64 + e.stack().qemuKvm().baseMemslots(), bp.demand());
    }
}
