package capsim.model.kvm;

import capsim.stat.Curve.Column;
import capsim.measure.MetricSink;
import java.util.function.DoubleUnaryOperator;
import capsim.measure.Unit;
import capsim.resource.LimitSpec;
import capsim.kernel.Activity;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.FairShareCpus;
import capsim.resource.Errno;
import capsim.resource.Scope;
import java.util.Map;
import capsim.model.common.DeviceFds;
import capsim.resource.LimitedPool;

/**
 * Plugs devices into one guest one after the other (QMP device_add runs under QEMU's big lock).
 * Each device costs its realize and probe time, the QEMU-side route adds, and the KVM routing
 * commits the stack's policy makes: one per route, one per device, or one per batch of devices.
 * A device whose routes do not fit under KVM_MAX_IRQ_ROUTES is plugged without irqfds (QEMU falls
 * back to notifications through itself) and leaves a breaking point.
 * <p>
 * A virtio-net or virtio-blk device also takes fds in the guest's QEMU, which already holds those
 * of the running guest and of the devices present: its realize fds at device_add (tap, vhost fd
 * and masked notifiers; an image), which fail the device_add when they do not fit, and, as the
 * guest's driver starts the hot-plugged device right away, its vhost kick/call or ioeventfd/irqfd
 * fds, which degrade it when they do not fit (userspace virtio, notification through QEMU), as
 * at guest boot. Breaking points say "at hotplug".
 */
final class HotplugRun extends Activity {
    private static final int PLUG = 0;

    private final GsiRoutingTable table;
    private final TransportIrqSpec transport;
    private final QemuKvmSpec qemu;
    private final HotplugDevices plan;
    private final BreakingPointLog log;
    private final EventHandler done;
    private final int doneData;
    private final Curve curve = new Curve("hotplug", Column.id("device"),
            Column.against("devicesPresent", Unit.COUNT), Column.value("routesBefore", Unit.COUNT),
            Column.duration("deviceMs", Unit.MS), Column.duration("routingMs", Unit.MS), Column.value("commits", Unit.COUNT),
            Column.value("withoutIrqfd", Unit.COUNT));
    private int plugged;
    private long withoutIrqfd;
    private double routingNs;
    private double totalNs;
    private double firstDeviceMs = Double.NaN;
    private long startNs = -1;
    private long endNs = -1;
    private double lastDeviceMs = Double.NaN;
    private long sloBreaches;
    private final DeviceFds deviceFds;
    private final LimitedPool fds;
    private final long realizeFds, driverStartFds, fallbackFds;
    private long refusedDevices, vhostFallbacks, ioeventfdFallbacks;
    /** Each hot-plugged PCIe device needs a root port of its own; q35's root bus refuses hot-plug (QEMU: "does not support hotplugging"). */
    private static final LimitSpec SLOTS = LimitSpec.hard("pci.hotplug-slots", Scope.VM, Errno.ENOSPC,
            "free pcie-root-ports (one device each; pcie.0 does not hot-plug)",
            "give the guest more pcie-root-ports at start (libvirt: <controller type='pci' model='pcie-root-port'/>, "
                    + "or a pcie-to-pci-bridge for many devices)");
    private final LimitedPool slots;
    private final FairShareCpus.ThreadClass cpu;

    HotplugRun(Simulation sim, GsiRoutingTable table, TransportIrqSpec transport, QemuKvmSpec qemu,
               HotplugDevices plan, DeviceFds deviceFds, FairShareCpus.ThreadClass cpu, BreakingPointLog log, EventHandler done, int doneData) {
        super(sim);
        this.cpu = cpu;
        this.deviceFds = deviceFds;
        DeviceFds.Kind kind = switch (plan.device()) {
            case VIRTIO_NET -> DeviceFds.Kind.VIRTIO_NET;
            case VIRTIO_BLK -> DeviceFds.Kind.VIRTIO_BLK;
            case GENERIC -> null;
        };
        realizeFds = kind == null ? 0 : deviceFds.realizeFds(kind);
        driverStartFds = kind == null ? 0 : deviceFds.driverStartFds(kind);
        fallbackFds = kind == null ? 0 : deviceFds.fallbackFds(kind);
        if (kind == null) {
            fds = null;
        } else {
            // the running guest's QEMU: its own fds, and those of the devices present, started
            fds = deviceFds.newRunningGuestFdTable(sim.now());
            long present = (realizeFds + driverStartFds) * plan.presentDevices();
            fds.take(sim.now(), Math.min(present, fds.available()));
        }
        this.slots = plan.hotplugSlots() > 0 ? new LimitedPool(SLOTS, plan.hotplugSlots(), log) : null;
        this.table = table;
        this.transport = transport;
        this.qemu = qemu;
        this.plan = plan;
        this.log = log;
        this.done = done;
        this.doneData = doneData;
        // devices present from the start: their routes are in the table already
        long present = transport.routesFor(plan.virtqueuesPerDevice()) * plan.presentDevices();
        if (present > 0 && table.add(sim.now(), "present devices", present)) {
            table.addIrqfds((long) transport.irqfdsPerVirtqueue() * plan.virtqueuesPerDevice() * plan.presentDevices());
        }
    }

    @Override
    protected void resume(int step) {
        if (plugged == 0 && startNs < 0) startNs = sim.now();
        if (plugged == plan.count()) {
            endNs = sim.now();
            done.onEvent(doneData);
            return;
        }
        double ns = plugOne(plugged);
        plugged++;
        // realize and the routing table's rebuild run on QEMU's thread (the commit's ioctl in the kernel): CPU work
        cpu.run(Math.round(ns), this, PLUG);
    }

    /** Plugs device {@code k}; returns the time it takes in ns. */
    private double plugOne(int k) {
        long now = sim.now();
        String who = String.format("device-%04d", plan.presentDevices() + k + 1);
        long routes = transport.routesFor(plan.virtqueuesPerDevice());
        long routesBefore = table.routes();
        long commitsBefore = table.commits();
        double routing = 0;
        boolean last = k == plan.count() - 1;
        boolean degraded = false;
        if (slots != null && !slots.tryAcquire(now, who + " device_add: no free hot-plug slot", 1)) {
            refusedDevices++;
            double refusedNs = qemu.hotplugDeviceMs() * 1e6;
            totalNs += refusedNs;
            return refusedNs;
        }
        if (fds != null && !plugFds(now, who)) {
            double deviceNs = qemu.hotplugDeviceMs() * 1e6;
            totalNs += deviceNs;
            return deviceNs;
        }
        if (routes > 0 && !table.fits(routes)) {
            table.add(now, who, routes); // records the breaking point
            degraded = true;
            withoutIrqfd++;
        } else if (routes > 0) {
            switch (transport.commit()) {
                case PER_ROUTE -> {
                    for (long r = 0; r < routes; r++) {
                        table.add(now, who, 1);
                        routing += qemu.routeAddUs() * 1e3 + table.commit();
                    }
                }
                case PER_DEVICE -> {
                    table.add(now, who, routes);
                    routing += routes * qemu.routeAddUs() * 1e3 + table.commit();
                }
                case PER_BATCH -> {
                    table.add(now, who, routes);
                    routing += routes * qemu.routeAddUs() * 1e3;
                }
            }
            table.addIrqfds((long) transport.irqfdsPerVirtqueue() * plan.virtqueuesPerDevice());
        }
        if (transport.commit() == IrqCommitPolicy.PER_BATCH && table.routes() > 0) {
            boolean batchEnd = plan.batch() > 0 && (k + 1) % plan.batch() == 0;
            if (batchEnd || last) routing += table.commit();
        }
        double deviceNs = qemu.hotplugDeviceMs() * 1e6 + routing;
        routingNs += routing;
        totalNs += deviceNs;
        double deviceMs = deviceNs / 1e6;
        if (k == 0) firstDeviceMs = deviceMs;
        lastDeviceMs = deviceMs;
        curve.add(k + 1, plan.presentDevices() + k, routesBefore, deviceMs, routing / 1e6,
                table.commits() - commitsBefore, degraded ? 1 : 0);
        if (plan.deviceSloMs() > 0 && deviceMs > plan.deviceSloMs()) breachSlo(now, who, deviceMs);
        return deviceNs;
    }

    /**
     * The device's fds in the guest's QEMU: realize fds at device_add (false: device_add fails,
     * the device is not plugged), then what the guest driver's start creates, or QEMU's fallback.
     */
    private boolean plugFds(long now, String who) {
        String kind = plan.device() == HotplugDevice.VIRTIO_NET ? "virtio-net" : "virtio-blk";
        if (!fds.tryAcquire(now, who + " " + kind + " at hotplug: device_add fails", realizeFds)) {
            refusedDevices++;
            return false;
        }
        if (fds.fits(driverStartFds)) {
            fds.take(now, driverStartFds);
            return true;
        }
        if (plan.device() == HotplugDevice.VIRTIO_NET) {
            fds.fail(now, who + " virtio-net at hotplug: vhost-net cannot start, falls back on userspace virtio", driverStartFds);
            vhostFallbacks++;
            deviceFds.vhostFallback(1);
            if (fds.tryAcquire(now, who + " virtio-net (userspace) at hotplug: no ioeventfd either, notified through QEMU (slower)", fallbackFds)) return true;
        } else {
            fds.fail(now, who + " virtio-blk at hotplug: no ioeventfd/irqfd, notified through QEMU (slower)", driverStartFds);
        }
        ioeventfdFallbacks++;
        deviceFds.ioeventfdFallback(1);
        return true;
    }

    private void breachSlo(long now, String who, double deviceMs) {
        sloBreaches++;
        String fix = switch (transport.commit()) {
            case PER_ROUTE -> "commit the routes once per device (s390: QEMU 2.5, c0194a00b0) or once per batch";
            case PER_DEVICE -> "commit the routes of a batch of devices once";
            case PER_BATCH -> "fewer routes per guest (a payload interface instead of one route per queue)";
        };
        // the step's own deviceSloMs: the experiment's objective, missed, not a limit of the host
        LimitSpec slo = LimitSpec.slo("hotplug.device-time.us", Scope.VM, Errno.ETIMEDOUT,
                "hot-plug time per device SLO, µs (most of it: KVM_SET_GSI_ROUTING rebuilds the whole routing table on every commit)", fix).counting(Unit.US, DoubleUnaryOperator.identity());
        long us = Math.round(deviceMs * 1e3);
        log.record(new BreakingPoint(now, who, slo, Math.round(plan.deviceSloMs() * 1e3), us, us));
    }

    Curve curve() {
        return curve;
    }

    void report(MetricSink m) {
        m.count("hotplug.devices", (double) plugged);
        m.time("hotplug.totalS", Unit.S, totalNs / 1e9);
        // the per-device times are each plug's work alone; on a busy host the plugs wait for the CPU too
        if (endNs >= 0) m.time("hotplug.elapsedS", Unit.S, (endNs - startNs) / 1e9);
        m.time("hotplug.routingS", Unit.S, routingNs / 1e9);
        m.time("hotplug.firstDeviceMs", Unit.MS, firstDeviceMs);
        m.time("hotplug.lastDeviceMs", Unit.MS, lastDeviceMs);
        m.count("hotplug.withoutIrqfd", (double) withoutIrqfd);
        m.count("hotplug.sloBreaches", (double) sloBreaches);
        if (slots != null) {
            m.highWater("pci.hotplug-slots", Unit.COUNT, (double) slots.highWater());
            m.limit("pci.hotplug-slots", Unit.COUNT, (double) slots.limit());
        }
        if (fds != null || slots != null) m.count("hotplug.refusedDevices", (double) refusedDevices);
        if (fds != null) {
            m.count("hotplug.vhostFallback", (double) vhostFallbacks);
            m.count("hotplug.ioeventfdFallback", (double) ioeventfdFallbacks);
            m.highWater("hotplug.qemu.nofile", Unit.COUNT, (double) fds.highWater());
        }
        m.count("hotplug.routesPerDevice", (double) transport.routesFor(plan.virtqueuesPerDevice()));
    }
}
