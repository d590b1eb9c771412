package capsim.model.net;

import capsim.model.common.HostComponent;
import capsim.stat.Curve.Column;
import capsim.measure.MetricSink;
import java.util.function.DoubleUnaryOperator;
import capsim.measure.Unit;
import capsim.resource.Knob;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.stat.Tally;
import capsim.model.common.KernelVersion;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.FifoServers;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host's network namespace at run time: interface creation under the RTNL lock, name
 * allocation from a pattern, bridges and their ports, guest MAC registration on the uplink NIC,
 * IPv6 routes against net.ipv6.route.max_size and neighbour entries against gc_thresh3.
 *
 * <p>Every cost that grows with the number of devices (the name scan, the bridge port walk, the
 * qeth rewrite of every registered address) is computed from counts in O(1) per add.
 */
public final class HostNetwork implements HostComponent {
    /** Devices in the namespace before the workload: lo and the uplink. */
    static final int BASE_DEVICES = 2;

    private static final LimitSpec NAMES = LimitSpec.hard("netdev.names", Scope.NETNS, Errno.ENFILE,
            "dev_alloc_name: one bitmap of 8 x PAGE_SIZE bits per name pattern",
            "give interfaces explicit names (libvirt <target dev='...'/>) or spread them over network namespaces");
    private static final LimitSpec BRIDGE_PORTS = LimitSpec.hard("bridge.ports", Scope.BRIDGE, Errno.EXFULL,
            "BR_MAX_PORTS (1 << BR_PORT_BITS = 1024 port numbers, port 0 reserved)",
            "spread the interfaces over more bridges (or use macvtap / Open vSwitch)");

    private final Simulation sim;
    private final HostNetSpec spec;
    private final HostKernelSpec kernelFixes;
    private final BreakingPointLog log;
    private final FifoServers rtnl;
    private final Map<String, LimitedPool> namesByPattern = new TreeMap<>();
    private final List<LimitedPool> bridges = new ArrayList<>();
    private final LimitedPool ipv6Routes;
    private final boolean ipv6MaxSizeEnforced;
    private final Ipv6DstEra ipv6Era;
    private final LimitedPool neighbours;
    private final double qethCommandS;

    private long interfaces;
    private long registeredInterfaces;
    private long added;
    private long failed;
    private long uplinkCommands;
    private double uplinkS;
    private long sloBreaches;
    private final Tally addTimes = new Tally("net.add", false);
    private final Curve curve = new Curve("interfaces", Column.id("interface"),
            Column.against("devicesBefore", Unit.COUNT), Column.value("registeredBefore", Unit.COUNT),
            Column.value("bridgePortsBefore", Unit.COUNT), Column.duration("addS", Unit.S), Column.duration("uplinkS", Unit.S),
            Column.failed("failed"));

    public HostNetwork(Simulation sim, HostNetSpec spec, HostKernelSpec kernelFixes, String kernel,
                       BreakingPointLog log) {
        this.sim = sim;
        this.spec = spec;
        this.kernelFixes = kernelFixes;
        this.log = log;
        this.rtnl = new FifoServers(sim, "rtnl", 1);

        KernelVersion v = checked("host.kernel", () -> KernelVersion.parse(kernel));
        Ipv6Spec six = spec.ipv6();
        ipv6MaxSizeEnforced = !checked("host.net.ipv6.maxSizeCheckRemovedIn", () -> v.hasChange(six.maxSizeCheckRemovedIn()));
        ipv6Era = checked("host.net.ipv6.dstAccounting", () -> six.eraFor(v));
        LimitSpec routes = LimitSpec.of("net.ipv6.route.max_size", Scope.NETNS, Errno.ENOMEM, Knob.of(Ipv6Spec::routeMaxSize)).withFix(
                "kernel " + String.join(" / ", six.maxSizeCheckRemovedIn()) + " no longer enforces max_size (af6d10345ca7)");
        ipv6Routes = new LimitedPool(routes, ipv6MaxSizeEnforced ? six.routeMaxSize() : LimitedPool.UNLIMITED, log, true);
        ipv6Routes.take(sim.now(), Math.min(six.baseRoutes(), ipv6Routes.limit()));
        neighbours = new LimitedPool(LimitSpec.of("neigh.gc_thresh3", Scope.NETNS, Errno.ENOBUFS, Knob.of(HostNetSpec::neighGcThresh3)),
                spec.neighGcThresh3(), log, true);
        qethCommandS = spec.uplinkDriver() == UplinkDriver.QETH ? calibratedQethCommandS(spec) : 0;
    }

    /** {@code f}'s value; a value it refuses is reported at {@code path}. */
    private static <T> T checked(String path, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (capsim.config.ValueException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new capsim.config.ValueException(path, e.getMessage());
        }
    }

    /**
     * Seconds per qeth adapter command, from the calibration point: the observed add time at n
     * registered interfaces, less the creation cost, divided by the commands the rewrite-all
     * driver sends for that add.
     */
    public static double calibratedQethCommandS(HostNetSpec spec) {
        QethSpec q = spec.qeth();
        double base = spec.netdevCreateMs() / 1e3;
        double commands = qethCommandsPerAdd(q, QethRegistration.REWRITE_ALL, q.calibrationRegistered());
        double rest = q.calibrationAddS() - base;
        if (rest <= 0) {
            throw new capsim.config.ValueException("host.net.qeth.calibrationAddS", "host.net.qeth.calibrationAddS (" + q.calibrationAddS()
                    + " s) must exceed the creation cost host.net.netdevCreateMs (" + spec.netdevCreateMs() + " ms)");
        }
        return rest / commands;
    }

    /**
     * Adapter commands the qeth driver sends when one interface is added with {@code n} already
     * registered. The old driver deletes every registered address and registers the whole list
     * again on each rx_mode pass; the fixed one sends commands for the new addresses only.
     */
    public static long qethCommandsPerAdd(QethSpec q, QethRegistration mode, long n) {
        long a = q.addressesPerInterface();
        if (mode == QethRegistration.CHANGES_ONLY) return a;
        long before = a * n;
        long after = a * (n + 1);
        // first pass: delete the old list, register the new one; further passes rewrite the new list
        return before + after + (long) (q.rxModePassesPerAdd() - 1) * 2 * after;
    }

    /** Adds one interface (serialized by the RTNL lock); calls {@code done.onEvent(data)} when it is up or has failed. */
    public void addInterface(AddInterfaces plan, EventHandler done, int data) {
        rtnl.acquire(ignored -> {
            double costS = add(plan, data);
            sim.schedule(Math.max(0, Math.round(costS * Simulation.NS_PER_S)), d -> {
                rtnl.release();
                done.onEvent(d);
            }, data);
        }, data);
    }

    /** Does the work of one add at the current time; returns its duration in seconds. */
    private double add(AddInterfaces plan, int index) {
        long now = sim.now();
        long devicesBefore = devices();
        long registeredBefore = registeredInterfaces;
        String pattern = plan.namePattern();
        LimitedPool names = namesByPattern.computeIfAbsent(pattern, p -> new LimitedPool(NAMES, spec.namesPerPattern(), log));
        String who = pattern.replace("%d", Long.toString(names.used()));
        double createS = spec.netdevCreateMs() / 1e3 + devicesBefore * spec.nameScanNsPerDevice() / 1e9;

        if (!names.tryAcquire(now, who, 1)) return fail(index, devicesBefore, registeredBefore, -1, createS);
        LimitedPool bridge = null;
        long portsBefore = -1;
        double bridgeS = 0;
        if (plan.bridges() > 0) {
            bridge = pickBridge(plan, index);
            portsBefore = bridge.used();
            bridgeS = portsBefore * spec.bridgePortWalkNs() / 1e9;
            if (!bridge.tryAcquire(now, who + " -> br" + bridges.indexOf(bridge), 1)) {
                names.release(now, 1);
                return fail(index, devicesBefore, registeredBefore, portsBefore, createS + bridgeS);
            }
        }
        // only dst entries allocated without DST_NOCOUNT count against max_size (kernel §6, §10);
        // routes learned from router advertisements count where the era allocates them counted;
        // a bridge port learns none: it hands its frames to the bridge (br_handle_frame)
        long learned = bridge == null && ipv6Era.countsRaRoutes() ? plan.raRoutes() : 0;
        long routes = plan.ipv6() ? ipv6Era.dstPerInterface() + learned : 0;
        if (routes > 0 && !ipv6Routes.tryAcquire(now, who, routes)) {
            if (bridge != null) bridge.release(now, 1);
            names.release(now, 1);
            return fail(index, devicesBefore, registeredBefore, portsBefore, createS + bridgeS);
        }
        if (plan.neighbourEntries() > 0 && !neighbours.tryAcquire(now, who, plan.neighbourEntries())) {
            if (routes > 0) ipv6Routes.release(now, routes);
            if (bridge != null) bridge.release(now, 1);
            names.release(now, 1);
            return fail(index, devicesBefore, registeredBefore, portsBefore, createS + bridgeS);
        }
        double regS = plan.registerOnUplink() ? registerOnUplink() : 0;
        interfaces++;
        added++;
        double total = createS + bridgeS + regS;
        addTimes.add(total);
        curve.add(index, devicesBefore, registeredBefore, portsBefore, total, regS, 0);
        if (plan.addSloS() > 0 && total > plan.addSloS()) breachSlo(now, who, plan.addSloS(), total, regS, bridgeS, createS);
        return total;
    }

    private double fail(int index, long devicesBefore, long registeredBefore, long portsBefore, double costS) {
        failed++;
        curve.add(index, devicesBefore, registeredBefore, portsBefore, costS, 0, 1);
        return costS;
    }

    /** Registers the new interface's addresses on the uplink; returns the time it takes. */
    private double registerOnUplink() {
        long n = registeredInterfaces;
        registeredInterfaces++;
        double s;
        if (spec.uplinkDriver() == UplinkDriver.QETH) {
            QethSpec q = spec.qeth();
            long commands = qethCommandsPerAdd(q, kernelFixes.qethRegistration(), n);
            uplinkCommands += commands;
            s = commands * qethCommandS;
            if (kernelFixes.qethRegistration() == QethRegistration.CHANGES_ONLY) {
                // each pass still walks the whole list on the CPU, with no adapter command
                s += (double) q.rxModePassesPerAdd() * q.addressesPerInterface() * (n + 1) * q.hashLookupNs() / 1e9;
            }
        } else {
            uplinkCommands++;
            s = spec.genericFilterUpdateUs() / 1e6;
        }
        uplinkS += s;
        return s;
    }

    private void breachSlo(long now, String who, double sloS, double totalS, double uplinkPartS, double bridgePartS, double createPartS) {
        sloBreaches++;
        LimitSpec slo;
        if (uplinkPartS >= bridgePartS && uplinkPartS >= createPartS && spec.uplinkDriver() == UplinkDriver.QETH
                && kernelFixes.qethRegistration() == QethRegistration.REWRITE_ALL) {
            slo = LimitSpec.slo("netdev.add-time.ms", Scope.DEVICE, Errno.ETIMEDOUT,
                    "interface add time SLO, ms (most of it: qeth layer 2 rewrites every registered MAC address on each change, one adapter command each)",
                    "qeth driver fix: adapter commands only for changed addresses (stack.hostKernel.qethRegistration = changes-only)");
        } else if (bridgePartS >= createPartS) {
            slo = LimitSpec.slo("netdev.add-time.ms", Scope.BRIDGE, Errno.ETIMEDOUT,
                    "interface add time SLO, ms (most of it: the bridge port add walks every port of the bridge)", "spread the interfaces over more bridges");
        } else {
            slo = LimitSpec.slo("netdev.add-time.ms", Scope.NETNS, Errno.ETIMEDOUT,
                    "interface add time SLO, ms (most of it: interface creation, a name scan over every device and register_netdevice)", "fewer devices per namespace");
        }
        long limitMs = Math.round(sloS * 1e3);
        long demandMs = Math.round(totalS * 1e3);
        log.record(BreakingPoint.of(now, who, slo.counting(Unit.MS, DoubleUnaryOperator.identity()), limitMs, demandMs));
    }

    private LimitedPool pickBridge(AddInterfaces plan, int index) {
        while (bridges.size() < plan.bridges()) bridges.add(new LimitedPool(BRIDGE_PORTS, spec.bridgeMaxPorts() - 1L, log, false));
        if (plan.placement() == BridgePlacement.SPREAD) return bridges.get(Math.floorMod(index, plan.bridges()));
        for (int b = 0; b < plan.bridges(); b++) {
            if (bridges.get(b).available() > 0) return bridges.get(b);
        }
        return bridges.get(plan.bridges() - 1);
    }

    /** Network devices in the namespace: lo, the uplink, bridges and the interfaces added. */
    public long devices() {
        return BASE_DEVICES + bridges.size() + interfaces;
    }

    public double qethCommandS() {
        return qethCommandS;
    }

    public boolean ipv6MaxSizeEnforced() {
        return ipv6MaxSizeEnforced;
    }

    /** The IPv6 dst accounting era the host's kernel selects. */
    public Ipv6DstEra ipv6Era() {
        return ipv6Era;
    }

    public Curve curve() {
        return curve;
    }

    public boolean used() {
        return added + failed > 0;
    }

    @Override
    public List<LimitedPool> pools() {
        return used() ? List.of(ipv6Routes, neighbours) : List.of();
    }

    @Override
    public List<Curve> curves() {
        return used() ? List.of(curve) : List.of();
    }

    @Override
    public void report(MetricSink m) {
        if (!used()) return;
        m.count("net.interfaces.added", (double) added);
        m.count("net.interfaces.failed", (double) failed);
        m.count("net.devices", (double) devices());
        if (addTimes.count() > 0) {
            m.time("net.add.meanS", Unit.S, addTimes.mean());
            m.time("net.add.maxS", Unit.S, addTimes.max());
            m.time("net.add.totalS", Unit.S, addTimes.sum());
        }
        m.count("net.uplink.commands", (double) uplinkCommands);
        m.time("net.uplink.totalS", Unit.S, uplinkS);
        if (spec.uplinkDriver() == UplinkDriver.QETH && uplinkCommands > 0) m.time("net.qeth.commandMs", Unit.MS, qethCommandS * 1e3);
        m.count("net.sloBreaches", (double) sloBreaches);
        long maxPorts = 0;
        for (LimitedPool b : bridges) maxPorts = Math.max(maxPorts, b.highWater());
        if (!bridges.isEmpty()) {
            m.count("net.bridges", (double) bridges.size());
            m.highWater("bridge.ports", Unit.COUNT, (double) maxPorts);
            m.limit("bridge.ports", Unit.COUNT, (double) (spec.bridgeMaxPorts() - 1));
        }
        m.ratio("net.ipv6.maxSizeEnforced", Unit.FLAG, ipv6MaxSizeEnforced ? 1.0 : 0.0);
        m.count("net.ipv6.dstPerInterface", (double) ipv6Era.dstPerInterface());
        for (LimitedPool p : pools()) {
            p.report(m);
        }
        long names = 0;
        for (LimitedPool p : namesByPattern.values()) names = Math.max(names, p.highWater());
        m.highWater("netdev.names", Unit.COUNT, (double) names);
        m.limit("netdev.names", Unit.COUNT, (double) spec.namesPerPattern());
    }
}
