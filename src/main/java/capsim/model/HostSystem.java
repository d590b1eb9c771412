package capsim.model;

import capsim.model.common.Timing;
import capsim.model.common.GuestState;
import capsim.model.common.GuestTemplate;
import capsim.measure.MetricSink;
import java.util.function.DoubleUnaryOperator;
import capsim.measure.Unit;
import capsim.model.libvirt.LibvirtSpec;
import capsim.resource.Knob;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.stat.Tally;
import capsim.model.host.Host;
import capsim.model.host.HostSpec;
import capsim.model.libvirt.Libvirtd;
import capsim.model.machined.Machined;
import capsim.model.machined.MessageLoop;
import capsim.model.qemu.DrainPolicy;
import capsim.model.qemu.EventLoop;
import capsim.model.qemu.QemuFootprint;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One host with its stack, at run time: the kernel's pools ({@link Host}), libvirtd, machined,
 * the qemu uid's task count, and the guests. The scenario drives it through {@link #define} and
 * {@link #startNext}; each start is a {@link GuestStart}.
 */
public final class HostSystem {
    static final LimitSpec QEMU_NOFILE = LimitSpec.of("qemu.nofile", Scope.PROCESS, Errno.EMFILE, Knob.of(LibvirtSpec::qemuMaxFiles));

    private final Simulation sim;
    private final HostSpec hostSpec;
    private final StackSpec stack;
    private final GuestTemplate guest;
    private final boolean stopAtFirstBreak;
    private final BreakingPointLog log = new BreakingPointLog();
    private final Host host;
    private final Libvirtd libvirtd;
    private final Machined machined;
    private final LimitedPool qemuUserTasks;
    private final QemuFootprint footprint;
    private final LimitSpec selectLoop;
    private final RandomGenerator prepareRng;
    private final RandomGenerator bootRng;
    private final HostServices services;

    private GuestState[] state = new GuestState[0];
    private long[] startRequestedNs = new long[0];
    private long[] runningNs = new long[0];
    private int defined;
    private int nextToStart;
    private int running;
    private int failed;
    private long qemuFdsHighWater;
    private final Tally startLatency = new Tally("start.latency", true);

    public HostSystem(Simulation sim, HostSpec hostSpec, StackSpec stack, GuestTemplate guest, boolean stopAtFirstBreak) {
        this.sim = sim;
        this.hostSpec = hostSpec;
        this.stack = stack;
        this.guest = guest;
        this.stopAtFirstBreak = stopAtFirstBreak;
        this.services = new HostServices(sim, hostSpec, stack, log, () -> {
            if (stopAtFirstBreak) sim.stop();
        });
        this.host = new Host(hostSpec, log, services.usableRamCeilingGiB());
        this.libvirtd = new Libvirtd(sim, stack.libvirt(), hostSpec, log);
        this.machined = new Machined(sim, stack.machined(), stack.timingSpread());
        this.qemuUserTasks = new LimitedPool(libvirtd.qemuNprocSpec(), libvirtd.qemuNprocLimit(), log, true);
        this.footprint = QemuFootprint.of(hostSpec, stack.qemu(), stack.glibc(), guest);
        this.selectLoop = stack.qemu().mainLoop() == EventLoop.SELECT
                ? LimitSpec.hard("qemu.select-fd-setsize", Scope.PROCESS, Errno.EINVAL,
                        "FD_SETSIZE " + stack.glibc().fdSetSize() + " (glibc fd_set): an fd numbered at or above it cannot be watched by select()",
                        "a QEMU whose main loop uses poll() (g_poll since QEMU 1.4-1.5, 2013)")
                : null;
        this.prepareRng = sim.streams().stream("libvirt.prepare");
        this.bootRng = sim.streams().stream("guest.boot");
    }

    /** Defines one guest through a libvirt RPC; {@code done} is called when it is defined. */
    public void define(EventHandler done, int data) {
        long service = Math.round(stack.libvirt().defineMs() * Simulation.NS_PER_MS);
        libvirtd.workers().submit(service, d -> {
            int g = defined++;
            ensureCapacity(defined);
            state[g] = GuestState.DEFINED;
            libvirtd.defined(1);
            done.onEvent(d);
        }, data);
    }

    /** Starts the next defined guest; {@code done} is called when it runs or has failed. */
    public void startNext(EventHandler done, int data) {
        startNext(0, done, data);
    }

    /**
     * Starts the next defined guest with a latency SLO (0 = none): a start slower than it is
     * recorded as a breaking point named after what took the time.
     */
    public void startNext(double latencySloS, EventHandler done, int data) {
        int g = nextToStart++;
        if (g >= defined) throw new IllegalStateException("no defined guest left to start");
        state[g] = GuestState.STARTING;
        new GuestStart(sim, this, g, latencySloS, done, data).start();
    }

    public int definedGuests() {
        return defined;
    }

    public int startableGuests() {
        return defined - nextToStart;
    }

    void markStartRequested(int g) {
        startRequestedNs[g] = sim.now();
    }

    void markRunning(int g, LimitedPool qemuFds) {
        state[g] = GuestState.RUNNING;
        runningNs[g] = sim.now();
        running++;
        startLatency.add((runningNs[g] - startRequestedNs[g]) / 1e9);
        if (qemuFds != null) qemuFdsHighWater = Math.max(qemuFdsHighWater, qemuFds.highWater());
    }

    void markFailed(int g) {
        state[g] = GuestState.FAILED;
        runningNs[g] = sim.now();
        failed++;
        if (stopAtFirstBreak) sim.stop();
    }

    /** libvirt's CreateMachine call gave up after the D-Bus timeout. */
    void recordMachinedTimeout(String who, long waitedNs) {
        boolean buggy = stack.machined().messageLoop() == MessageLoop.PRE_V219;
        long limitMs = Math.round(stack.machined().callTimeoutS() * 1000);
        LimitSpec timeout = LimitSpec.hard("machined.call-timeout", Scope.SERVICE, Errno.ETIMEDOUT,
                "libvirt D-Bus method-call timeout, ms (VIR_DBUS_METHOD_CALL_TIMEOUT_MILLIS)",
                buggy ? "systemd >= 219: machined's message loop dispatches every buffered message before it sleeps"
                        : "machined is saturated: fewer concurrent starts").counting(Unit.MS, DoubleUnaryOperator.identity());
        log.record(new BreakingPoint(sim.now(), who + "/CreateMachine", timeout, limitMs, waitedNs / Simulation.NS_PER_MS, limitMs));
    }

    /** A start exceeded the step's latency SLO: name the largest part of its time. */
    void recordSlowStart(String who, long latencyNs, long sloNs, long workerWaitNs, long machinedWaitNs, long drainNs) {
        long other = latencyNs - workerWaitNs - machinedWaitNs - drainNs;
        String cause;
        String fix;
        long top = Math.max(Math.max(workerWaitNs, machinedWaitNs), Math.max(drainNs, other));
        if (top == drainNs) {
            cause = "virtio-blk resets draining";
            fix = stack.qemu().drainOnReset() == DrainPolicy.ALL_BLOCK_DEVICES
                    ? "QEMU >= 2.4: a virtio-blk reset drains only its own device (6e40b3bfc7) and bdrv_drain_all polls each AioContext once (f406c03c09)"
                    : "fewer disks per AioContext (IOThreads)";
        } else if (top == machinedWaitNs) {
            cause = "waiting for systemd-machined";
            fix = stack.machined().messageLoop() == MessageLoop.PRE_V219
                    ? "systemd >= 219 (machined's message loop rewritten)" : "fewer concurrent starts";
        } else if (top == workerWaitNs) {
            cause = "waiting for a libvirtd worker";
            fix = "libvirtd.conf max_workers, or fewer concurrent starts";
        } else {
            cause = "QEMU start and guest boot";
            fix = "a faster booting guest";
        }
        LimitSpec slo = LimitSpec.hard("start.latency", Scope.VM, Errno.ETIMEDOUT,
                "start latency SLO, ms (most of the time: " + cause + ")", fix).counting(Unit.MS, DoubleUnaryOperator.identity());
        long latencyMs = latencyNs / Simulation.NS_PER_MS;
        log.record(new BreakingPoint(sim.now(), who, slo, sloNs / Simulation.NS_PER_MS, latencyMs, latencyMs));
    }

    /** A fresh fd_set for one QEMU with a select() main loop, or null with poll(). */
    LimitedPool newSelectSet() {
        return selectLoop == null ? null : new LimitedPool(selectLoop, stack.glibc().fdSetSize(), log);
    }

    LimitSpec selectLoop() {
        return selectLoop;
    }

    long prepareNs() {
        return Timing.draw(Timing.msToNs(stack.libvirt().startPrepareMs()), stack.timingSpread(), prepareRng);
    }

    long bootNs() {
        return Timing.draw(Timing.sToNs(stack.qemu().guestBootS()), stack.timingSpread(), bootRng);
    }

    private void ensureCapacity(int n) {
        if (n <= state.length) return;
        int cap = Math.max(16, Math.max(n, state.length * 2));
        state = Arrays.copyOf(state, cap);
        startRequestedNs = Arrays.copyOf(startRequestedNs, cap);
        runningNs = Arrays.copyOf(runningNs, cap);
    }

    static String guestName(int g) {
        return String.format("guest-%05d", g + 1);
    }

    /** One row per guest that was asked to start: for guests.csv. */
    public List<GuestRow> guestRows() {
        List<GuestRow> rows = new ArrayList<>();
        for (int g = 0; g < nextToStart; g++) {
            GuestState s = state[g];
            boolean ended = s == GuestState.RUNNING || s == GuestState.FAILED;
            rows.add(new GuestRow(guestName(g), startRequestedNs[g] / 1e9,
                    ended ? runningNs[g] / 1e9 : Double.NaN,
                    s == GuestState.RUNNING ? (runningNs[g] - startRequestedNs[g]) / 1e9 : Double.NaN, s));
        }
        return rows;
    }

    /** A guest's start as recorded: request time, end time, latency (s) and final state. */
    public record GuestRow(String guest, double requestedS, double endedS, double latencyS, GuestState state) {
    }

    /** Adds this system's metrics. */
    public void report(MetricSink m) {
        m.count("guests.defined", Unit.GUESTS, (double) defined);
        m.count("guests.started", Unit.GUESTS, (double) running);
        m.count("guests.failed", Unit.GUESTS, (double) failed);
        if (startLatency.count() > 0) {
            m.time("start.latency.meanS", Unit.S, startLatency.mean());
            m.time("start.latency.p50S", Unit.S, startLatency.percentile(50));
            m.time("start.latency.p95S", Unit.S, startLatency.percentile(95));
            m.time("start.latency.p99S", Unit.S, startLatency.percentile(99));
            m.time("start.latency.maxS", Unit.S, startLatency.max());
        }
        m.time("libvirtd.workers.wait.maxS", Unit.S, libvirtd.workers().waits().count() == 0 ? 0 : libvirtd.workers().waits().max());
        machined.report(m);

        // one QEMU process of this guest shape, as the model files make it
        QemuFootprint f = footprint;
        m.count("qemu.fds.perProcess", (double) f.fdsTotal());
        m.count("qemu.threads.perProcess", (double) f.threads());
        m.count("qemu.arenas.limit", (double) f.arenaLimit());
        m.count("qemu.arenas.perProcess", (double) f.arenas(f.threads()));
        m.amount("qemu.arenas.addressSpaceLimitGiB", Unit.GIB, f.arenaAddressSpaceLimitMiB() / 1024);
        m.amount("qemu.arenas.addressSpaceGiB", Unit.GIB, f.arenaAddressSpaceMiB(f.threads()) / 1024);
        m.amount("qemu.virtual.perProcessGiB", Unit.GIB, f.virtualMiB(f.threads()) / 1024);
        m.amount("qemu.commit.perProcessMiB", Unit.MIB, f.commitKiB(f.threads()) / 1024.0);
        m.amount("qemu.resident.perProcessMiB", Unit.MIB, f.residentMiB());
        m.count("qemu.drain.pollsPerBoot", (double) f.drainPolls());
        m.time("qemu.drain.perBootS", Unit.S, f.drainNs() / 1e9);
        if (qemuFdsHighWater > 0) m.highWater("qemu.nofile", Unit.COUNT, (double) qemuFdsHighWater);
        m.limit("qemu.nofile", Unit.COUNT, (double) libvirtd.qemuNofileLimit());

        for (LimitedPool p : pools()) {
            p.report(m);
        }
        services.report(m);
    }

    /** Tables the steps produced (time per device against devices present, dump time against RAM). */
    public List<Curve> curves() {
        return services.curves();
    }

    /** The pools whose usage over time a report shows. */
    public List<LimitedPool> pools() {
        List<LimitedPool> out = new ArrayList<>(host.pools());
        out.add(qemuUserTasks);
        out.add(libvirtd.fds());
        out.add(libvirtd.tasks());
        out.addAll(services.pools());
        return out;
    }

    public Simulation sim() {
        return sim;
    }

    public BreakingPointLog log() {
        return log;
    }

    public Host host() {
        return host;
    }

    public Libvirtd libvirtd() {
        return libvirtd;
    }

    public HostServices services() {
        return services;
    }

    public Machined machined() {
        return machined;
    }

    /** Tasks of the uid all QEMU processes run as, against QEMU's RLIMIT_NPROC. */
    public LimitedPool qemuUserTasks() {
        return qemuUserTasks;
    }

    /** What one QEMU process of the experiment's guest takes. */
    public QemuFootprint footprint() {
        return footprint;
    }

    public StackSpec stack() {
        return stack;
    }

    public HostSpec hostSpec() {
        return hostSpec;
    }

    public GuestTemplate guestTemplate() {
        return guest;
    }
}
