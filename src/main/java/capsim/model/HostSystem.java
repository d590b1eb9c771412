package capsim.model;

import capsim.kernel.EventHandler;
import capsim.kernel.IntFifo;
import capsim.kernel.Simulation;
import capsim.measure.MetricSink;
import capsim.measure.Unit;
import capsim.model.common.GuestState;
import capsim.model.common.GuestTemplate;
import capsim.model.common.HostComponent;
import capsim.model.common.StepContext;
import capsim.model.common.Timing;
import capsim.model.cpu.HostCpus;
import capsim.model.dump.CrashDump;
import capsim.model.host.Host;
import capsim.model.host.HostSpec;
import capsim.model.kvm.KvmHost;
import capsim.model.libvirt.Libvirtd;
import capsim.model.machined.Machined;
import capsim.model.machined.MessageLoop;
import capsim.model.migration.MigrationService;
import capsim.model.net.HostNetwork;
import capsim.model.qemu.DrainPolicy;
import capsim.model.qemu.QemuFootprint;
import capsim.model.qemu.QemuProcesses;
import capsim.model.ssh.Sshd;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import capsim.stat.Curve;
import capsim.stat.Tally;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One host with its stack, at run time: a list of {@link HostComponent}s (the kernel's pools,
 * the QEMU processes, libvirtd, machined, KVM, the network, migration, sshd, crash dumps) and the
 * guests. Pools, curves and metrics come from walking the list; a step finds the part it drives
 * with {@link #component}. The scenario drives guests through {@link #define},
 * {@link #startNext}, {@link #stopNext}, {@link #destroyNext} and {@link #undefineNext}; each
 * start is a {@link GuestStart}, which sees only a {@link StartContext}.
 *
 * <p>Guests wait in two queues, first in first out: the defined guests that do not run (in the
 * order they were defined or shut off; a failed start's guest is shut off too, and goes to the
 * back) for a start or an undefine, and the running guests (in the order they came up) for a stop
 * or a destroy, which gives back all its start holds ({@link Holdings}).
 */
public final class HostSystem implements StepContext {
    private final Simulation sim;
    private final HostSpec hostSpec;
    private final StackSpec stack;
    private final GuestTemplate guest;
    private final BreakingPointLog log;
    private final Host host;
    private final Libvirtd libvirtd;
    private final Machined machined;
    private final QemuProcesses qemu;
    private final KvmHost kvm;
    private final HostCpus cpus;
    private final List<HostComponent> components;
    private final RandomGenerator prepareRng;
    private final RandomGenerator bootRng;
    private final StartContext startContext = new Starts();
    // guest shapes: 0 is the experiment's guest, then the named profiles in name order
    private final List<String> profileNames = new ArrayList<>();
    private final List<GuestTemplate> profileTemplates = new ArrayList<>();
    private final List<QemuFootprint> profileFootprints = new ArrayList<>();
    private int[] profileOf = new int[0];
    private int[] runningByProfile;

    // per guest
    private GuestState[] state = new GuestState[0];
    private int[] latestStart = new int[0];
    private Holdings[] holdings = new Holdings[0];    // while it runs
    private final IntFifo notRunning = new IntFifo();
    private final IntFifo runningOrder = new IntFifo();
    // per start, in the order they were asked for (guests.csv)
    private int starts;
    private int[] startGuest = new int[0];
    private long[] startRequestedNs = new long[0];
    private long[] startEndedNs = new long[0];
    private GuestState[] startOutcome = new GuestState[0];
    // refused demand of failed starts, oldest first, withdrawn as later stops would have shut them off
    private final ArrayDeque<Holdings.Refused> failedDemand = new ArrayDeque<>();
    private int defined;
    private int started;
    private int failed;
    private boolean churned;
    private int stopped;
    private int destroyed;
    private int undefined;
    private int stopsWithoutGuest;
    private RandomGenerator shutdownRng;
    private final Tally startLatency = new Tally("start.latency", true);
    private final Tally startReturned = new Tally("start.returned", true);

    /**
     * @param stopAtFirstBreak registers a breaking-point listener that stops the run after the
     *                         event in which the first failure is recorded
     */
    public HostSystem(Simulation sim, HostSpec hostSpec, StackSpec stack, GuestTemplate guest, boolean stopAtFirstBreak) {
        this(sim, hostSpec, stack, guest, java.util.Map.of(), stopAtFirstBreak);
    }

    /**
     * @param profiles more guest shapes by name (a mix); a define names the one its guest has,
     *                 "" the experiment's {@code guest}
     */
    public HostSystem(Simulation sim, HostSpec hostSpec, StackSpec stack, GuestTemplate guest,
                      java.util.Map<String, GuestTemplate> profiles, boolean stopAtFirstBreak) {
        this(sim, hostSpec, stack, guest, profiles, stopAtFirstBreak, false);
    }

    /** @param liftLimits no pool refuses: the run measures what the workload needs (see {@link BreakingPointLog#liftsLimits}) */
    public HostSystem(Simulation sim, HostSpec hostSpec, StackSpec stack, GuestTemplate guest,
                      java.util.Map<String, GuestTemplate> profiles, boolean stopAtFirstBreak, boolean liftLimits) {
        this.log = new BreakingPointLog(liftLimits);
        profileNames.add("");
        profileTemplates.add(guest);
        profileFootprints.add(QemuFootprint.of(hostSpec, stack.qemu(), stack.glibc(), guest));
        for (var e : new java.util.TreeMap<>(profiles).entrySet()) {
            profileNames.add(e.getKey());
            profileTemplates.add(e.getValue());
            profileFootprints.add(QemuFootprint.of(hostSpec, stack.qemu(), stack.glibc(), e.getValue()));
        }
        this.runningByProfile = new int[profileNames.size()];
        this.sim = sim;
        this.hostSpec = hostSpec;
        this.stack = stack;
        this.guest = guest;
        if (stopAtFirstBreak) log.addListener(bp -> sim.stop());
        this.host = new Host(hostSpec, stack.hostKernel(), log);
        this.libvirtd = new Libvirtd(sim, stack.libvirt(), hostSpec, log);
        var q = stack.qemu();
        this.cpus = new HostCpus(sim, hostSpec, q.guestBootCpu(), new HostCpus.QemuCosts(q.blockRequestUs(), q.loopIterationUs(), q.loopPerFdUs()));
        this.machined = new Machined(sim, stack.machined(), stack.timingSpread(), cpus.machined());
        this.qemu = new QemuProcesses(hostSpec, stack.qemu(), stack.glibc(), guest,
                libvirtd.qemuNprocSpec(), libvirtd.qemuNprocLimit(), libvirtd.qemuNofileLimit(), log);
        this.kvm = new KvmHost(sim, hostSpec.arch(), hostSpec.kvm(), stack.qemuKvm(), log);
        // the order is the order of pools in usage.csv and of curves in a results folder
        this.components = List.of(host, qemu, libvirtd, machined,
                new HostNetwork(sim, hostSpec.net(), stack.hostKernel(), hostSpec.kernel(), log),
                kvm,
                new MigrationService(sim, stack.migration(), hostSpec.net().migrationLinkGbps(), log),
                new Sshd(sim, stack.ssh(), log),
                new CrashDump(hostSpec.dump(), stack.dump(), hostSpec.ramGiB()),
                cpus);
        this.prepareRng = sim.streams().stream("libvirt.prepare");
        this.bootRng = sim.streams().stream("guest.boot");
    }

    /** The component of this class (the first one that is an instance of it). */
    @Override
    public <T extends HostComponent> T component(Class<T> type) {
        for (HostComponent c : components) {
            if (type.isInstance(c)) return type.cast(c);
        }
        throw new IllegalArgumentException("no component " + type.getSimpleName() + " in this host system");
    }

    /** Every component, in order. */
    public List<HostComponent> components() {
        return components;
    }

    /** Tells every component the run starts (before the first event). */
    public void atStart() {
        for (HostComponent c : components) c.atStart();
    }

    /** Tells every component the run has ended (after the last event). */
    public void atEnd() {
        for (HostComponent c : components) c.atEnd();
    }

    /** Defines one guest through a libvirt RPC; {@code done} is called when it is defined. */
    @Override
    public void define(EventHandler done, int data) {
        define("", done, data);
    }

    @Override
    public void define(String profile, EventHandler done, int data) {
        int p = profileNames.indexOf(profile);
        if (p < 0) throw new IllegalArgumentException("no guest profile " + profile);
        long service = Math.round(stack.libvirt().defineMs() * Simulation.NS_PER_MS);
        libvirtd.workers().submit(service, d -> {
            int g = defined++;
            ensureCapacity(defined);
            profileOf[g] = p;
            state[g] = GuestState.DEFINED;
            notRunning.add(g);
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
    @Override
    public void startNext(double latencySloS, EventHandler done, int data) {
        // the step checks guarantee one: stops that found no guest leave more guests here, never fewer
        if (notRunning.size() == 0) throw new IllegalStateException("no defined guest left to start");
        int g = notRunning.poll();
        int s = starts++;
        ensureStartCapacity(starts);
        startGuest[s] = g;
        startOutcome[s] = GuestState.STARTING;
        latestStart[g] = s;
        state[g] = GuestState.STARTING;
        int p = profileOf[g];
        new GuestStart(sim, startContext, g, profileTemplates.get(p), profileFootprints.get(p), latencySloS, done, data).start();
    }

    @Override
    public void stopNext(EventHandler done, int data) {
        shutOffNext(true, done, data);
    }

    @Override
    public void destroyNext(EventHandler done, int data) {
        shutOffNext(false, done, data);
    }

    /**
     * Stops or destroys the running guest that came up first. virsh shutdown is an RPC that asks
     * the guest to power off and returns; the guest is shut off once its own shutdown is done and
     * QEMU exits. virsh destroy kills QEMU within its RPC. Either way the guest then gives back
     * everything its start took and is defined again. With no guest running (its start failed)
     * the call has nothing to do; the refused demand of the oldest failed start is withdrawn, as
     * the stop would have shut that guest off had it started.
     */
    private void shutOffNext(boolean graceful, EventHandler done, int data) {
        churned = true;
        if (runningOrder.size() == 0) {
            stopsWithoutGuest++;
            Holdings.Refused r = failedDemand.poll();
            if (r != null) r.withdraw();
            sim.schedule(0, done, data);   // through the event list: no recursion through the batch
            return;
        }
        int g = runningOrder.poll();
        runningByProfile[profileOf[g]]--;
        state[g] = GuestState.STOPPING;
        if (graceful) {
            long rpc = Math.round(Timing.msToNs(stack.libvirt().stopMs()));
            libvirtd.workers().submit(rpc, x -> sim.schedule(shutdownNs(), y -> {
                shutOff(y, GuestState.STOPPED);
                done.onEvent(data);
            }, x), g);
        } else {
            long rpc = Math.round(Timing.msToNs(stack.libvirt().destroyMs()));
            libvirtd.workers().submit(rpc, x -> {
                shutOff(x, GuestState.DESTROYED);
                done.onEvent(data);
            }, g);
        }
    }

    /** The guest's shutdown, drawn: its own stream, so a stop changes no other draw. */
    private long shutdownNs() {
        if (shutdownRng == null) shutdownRng = sim.streams().stream("guest.shutdown");
        return Timing.draw(Timing.sToNs(stack.qemu().guestShutdownS()), stack.timingSpread(), shutdownRng);
    }

    /** QEMU is gone and libvirtd has closed the guest's monitor: everything the start took goes back. */
    private void shutOff(int g, GuestState how) {
        holdings[g].giveBack(sim.now());
        holdings[g] = null;
        startOutcome[latestStart[g]] = how;
        if (how == GuestState.STOPPED) stopped++;
        else destroyed++;
        state[g] = GuestState.DEFINED;
        notRunning.add(g);
    }

    @Override
    public void undefineNext(EventHandler done, int data) {
        churned = true;
        if (notRunning.size() == 0) throw new IllegalStateException("no defined guest that is not running to undefine");
        int g = notRunning.poll();
        long rpc = Math.round(Timing.msToNs(stack.libvirt().undefineMs()));
        libvirtd.workers().submit(rpc, x -> {
            state[x] = GuestState.UNDEFINED;
            undefined++;
            libvirtd.defined(-1);
            done.onEvent(data);
        }, g);
    }

    /** Guests defined by define calls so far (undefined ones included). */
    public int definedGuests() {
        return defined;
    }

    /** Defined guests that do not run: what a start may take. */
    public int startableGuests() {
        return notRunning.size();
    }

    @Override
    public capsim.resource.FairShareCpus.ThreadClass qemuCpu() {
        return cpus.qemu();
    }

    @Override
    public double loadDirtyMiBPerS() {
        return cpus.loadDirtyMiBPerS();
    }

    @Override
    public int runningGuests(String profile) {
        int p = profileNames.indexOf(profile);
        return p < 0 ? 0 : runningByProfile[p];
    }

    /** Guests running now. */
    @Override
    public int runningGuests() {
        return runningOrder.size();
    }

    /** What a guest start may see and do: the parts it takes from, its timings, its outcome. */
    private final class Starts implements StartContext {
        @Override
        public Host host() {
            return host;
        }

        @Override
        public Libvirtd libvirtd() {
            return libvirtd;
        }

        @Override
        public Machined machined() {
            return machined;
        }

        @Override
        public QemuProcesses qemu() {
            return qemu;
        }

        @Override
        public KvmHost kvm() {
            return kvm;
        }

        @Override
        public GuestTemplate guest() {
            return guest;
        }

        @Override
        public HostCpus cpus() {
            return cpus;
        }

        @Override
        public BreakingPointLog log() {
            return log;
        }

        @Override
        public long prepareNs() {
            return Timing.draw(Timing.msToNs(stack.libvirt().startPrepareMs()), stack.timingSpread(), prepareRng);
        }

        @Override
        public long bootNs() {
            return Timing.draw(Timing.sToNs(stack.qemu().guestBootS()), stack.timingSpread(), bootRng);
        }

        @Override
        public void requested(int g) {
            startRequestedNs[latestStart[g]] = sim.now();
        }

        @Override
        public void returned(int g) {
            startReturned.add((sim.now() - startRequestedNs[latestStart[g]]) / 1e9);
        }

        @Override
        public void running(int g, LimitedPool qemuFds, Holdings held) {
            int s = latestStart[g];
            state[g] = GuestState.RUNNING;
            startOutcome[s] = GuestState.RUNNING;
            startEndedNs[s] = sim.now();
            started++;
            startLatency.add((startEndedNs[s] - startRequestedNs[s]) / 1e9);
            qemu.running(qemuFds);
            holdings[g] = held.compact();
            runningOrder.add(g);
            runningByProfile[profileOf[g]]++;
        }

        @Override
        public void failed(int g, Holdings.Refused refused) {
            int s = latestStart[g];
            startOutcome[s] = GuestState.FAILED;
            startEndedNs[s] = sim.now();
            failed++;
            // libvirt leaves the domain defined and shut off: a later start may take it again
            state[g] = GuestState.DEFINED;
            notRunning.add(g);
            if (refused != null) failedDemand.add(refused);
        }

        @Override
        public void machinedTimeout(String who, long waitedNs) {
            boolean buggy = stack.machined().messageLoop() == MessageLoop.PRE_V219;
            long limitMs = Math.round(stack.machined().callTimeoutS() * 1000);
            LimitSpec timeout = LimitSpec.hard("machined.call-timeout", Scope.SERVICE, Errno.ETIMEDOUT,
                    "libvirt D-Bus method-call timeout, ms (VIR_DBUS_METHOD_CALL_TIMEOUT_MILLIS)",
                    buggy ? "systemd >= 219: machined's message loop dispatches every buffered message before it sleeps"
                            : "machined is saturated: fewer concurrent starts").counting(Unit.MS, DoubleUnaryOperator.identity());
            log.record(new BreakingPoint(sim.now(), who + "/CreateMachine", timeout, limitMs, waitedNs / Simulation.NS_PER_MS, limitMs));
        }

        @Override
        public void slowStart(String who, long latencyNs, long sloNs, long workerWaitNs, long machinedWaitNs, long drainNs) {
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
            LimitSpec slo = LimitSpec.slo("start.latency", Scope.VM, Errno.ETIMEDOUT,
                    "start latency SLO, ms (most of the time: " + cause + ")", fix).counting(Unit.MS, DoubleUnaryOperator.identity());
            long latencyMs = latencyNs / Simulation.NS_PER_MS;
            // the guest did start: a missed SLO, which does not stop a run at its first break
            log.recordSloMiss(new BreakingPoint(sim.now(), who, slo, sloNs / Simulation.NS_PER_MS, latencyMs, latencyMs));
        }
    }

    private void ensureCapacity(int n) {
        if (n <= state.length) return;
        int cap = Math.max(16, Math.max(n, state.length * 2));
        state = Arrays.copyOf(state, cap);
        profileOf = Arrays.copyOf(profileOf, cap);
        latestStart = Arrays.copyOf(latestStart, cap);
        holdings = Arrays.copyOf(holdings, cap);
    }

    private void ensureStartCapacity(int n) {
        if (n <= startGuest.length) return;
        int cap = Math.max(16, Math.max(n, startGuest.length * 2));
        startGuest = Arrays.copyOf(startGuest, cap);
        startRequestedNs = Arrays.copyOf(startRequestedNs, cap);
        startEndedNs = Arrays.copyOf(startEndedNs, cap);
        startOutcome = Arrays.copyOf(startOutcome, cap);
    }

    /**
     * One row per start, in the order they were asked for: for guests.csv. A guest started again
     * after a stop has a row per start; a start that ran shows how it ended (still running,
     * stopped, destroyed).
     */
    public List<GuestRow> guestRows() {
        List<GuestRow> rows = new ArrayList<>();
        for (int s = 0; s < starts; s++) {
            GuestState o = startOutcome[s];
            boolean ran = o == GuestState.RUNNING || o == GuestState.STOPPED || o == GuestState.DESTROYED;
            rows.add(new GuestRow(GuestStart.guestName(startGuest[s]), startRequestedNs[s] / 1e9,
                    ran || o == GuestState.FAILED ? startEndedNs[s] / 1e9 : Double.NaN,
                    ran ? (startEndedNs[s] - startRequestedNs[s]) / 1e9 : Double.NaN, o));
        }
        return rows;
    }

    /** A guest's start as recorded: request time, end time, latency (s) and how it ended. */
    public record GuestRow(String guest, double requestedS, double endedS, double latencyS, GuestState state) {
    }

    /** Adds this system's metrics: the guests', every pool's, then every component's. */
    public void report(MetricSink m) {
        m.count("guests.defined", Unit.GUESTS, (double) defined);
        m.count("guests.started", Unit.GUESTS, (double) started);
        m.count("guests.failed", Unit.GUESTS, (double) failed);
        if (churned) {
            // only once a step stopped, destroyed or undefined guests: the other runs report as before
            m.count("guests.stopped", Unit.GUESTS, (double) stopped);
            m.count("guests.destroyed", Unit.GUESTS, (double) destroyed);
            m.count("guests.undefined", Unit.GUESTS, (double) undefined);
            m.count("guests.running", Unit.GUESTS, (double) runningOrder.size());
            m.count("guests.stopsWithoutGuest", Unit.GUESTS, (double) stopsWithoutGuest);
        }
        if (startLatency.count() > 0) {
            m.time("start.latency.meanS", Unit.S, startLatency.mean());
            m.time("start.latency.p50S", Unit.S, startLatency.percentile(50));
            m.time("start.latency.p95S", Unit.S, startLatency.percentile(95));
            m.time("start.latency.p99S", Unit.S, startLatency.percentile(99));
            m.time("start.latency.maxS", Unit.S, startLatency.max());
        }
        if (startReturned.count() > 0) {
            // request to the start call's return (virsh start, QEMU's monitor up), before the boot
            m.time("start.returned.meanS", Unit.S, startReturned.mean());
            m.time("start.returned.maxS", Unit.S, startReturned.max());
        }
        for (LimitedPool p : pools()) {
            p.report(m);
        }
        for (HostComponent c : components) {
            c.report(m);
        }
    }

    /** Tables the steps produced (time per device against devices present, dump time against RAM). */
    public List<Curve> curves() {
        List<Curve> out = new ArrayList<>();
        for (HostComponent c : components) out.addAll(c.curves());
        return out;
    }

    /** Every pool whose refused demand the suggestions count (a superset of {@link #pools()}). */
    public List<LimitedPool> limits() {
        List<LimitedPool> out = new ArrayList<>();
        for (HostComponent c : components) out.addAll(c.limits());
        return out;
    }

    /** The pools whose usage over time a report shows. */
    public List<LimitedPool> pools() {
        List<LimitedPool> out = new ArrayList<>();
        for (HostComponent c : components) out.addAll(c.pools());
        return out;
    }

    @Override
    public Simulation sim() {
        return sim;
    }

    @Override
    public BreakingPointLog log() {
        return log;
    }

    @Override
    public GuestTemplate guest() {
        return guest;
    }

    @Override
    public GuestTemplate guest(String profile) {
        int p = profileNames.indexOf(profile);
        if (p < 0) throw new IllegalArgumentException("no guest profile " + profile);
        return profileTemplates.get(p);
    }

    public Host host() {
        return host;
    }

    public Libvirtd libvirtd() {
        return libvirtd;
    }

    public Machined machined() {
        return machined;
    }

    /** Tasks of the uid all QEMU processes run as, against QEMU's RLIMIT_NPROC. */
    public LimitedPool qemuUserTasks() {
        return qemu.userTasks();
    }

    /** What one QEMU process of the experiment's guest takes. */
    public QemuFootprint footprint() {
        return qemu.footprint();
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
