package capsim.model;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.kernel.stat.Curve;
import capsim.kernel.stat.Tally;
import capsim.model.host.Host;
import capsim.model.libvirt.Libvirtd;
import capsim.model.machined.Machined;
import capsim.resource.BreakingPointLog;
import capsim.resource.LimitedPool;
import capsim.model.host.HostSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One host with its stack, at run time: the kernel's pools, libvirtd, machined and the guests.
 * The scenario drives it through {@link #define} and {@link #start}.
 */
public final class HostSystem {
    private final Simulation sim;
    private final HostSpec hostSpec;
    private final StackSpec stack;
    private final GuestTemplate guest;
    private final boolean stopAtFirstBreak;
    private final BreakingPointLog log = new BreakingPointLog();
    private final Host host;
    private final Libvirtd libvirtd;
    private final Machined machined;
    private final HostServices services;

    private GuestState[] state = new GuestState[0];
    private long[] startRequestedNs = new long[0];
    private long[] runningNs = new long[0];
    private int defined;
    private int nextToStart;
    private int running;
    private int failed;
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
        this.libvirtd = new Libvirtd(sim, stack.libvirt(), log);
        this.machined = new Machined(sim, stack.machined());
    }

    /** Defines one guest through a libvirt RPC; {@code done} is called when it is defined. */
    public void define(EventHandler done, int data) {
        long service = (long) (stack.libvirt().defineMs() * Simulation.NS_PER_MS);
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
        int g = nextToStart++;
        if (g >= defined) throw new IllegalStateException("no defined guest left to start");
        state[g] = GuestState.STARTING;
        new GuestStart(sim, this, g, done, data).start();
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

    void markRunning(int g) {
        state[g] = GuestState.RUNNING;
        runningNs[g] = sim.now();
        running++;
        startLatency.add((runningNs[g] - startRequestedNs[g]) / 1e9);
    }

    void markFailed(int g) {
        state[g] = GuestState.FAILED;
        runningNs[g] = sim.now();
        failed++;
        if (stopAtFirstBreak) sim.stop();
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

    long qemuNofileLimit() {
        long q = stack.libvirt().qemuMaxFiles();
        return q > 0 ? q : stack.libvirt().daemonNofile();
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
    public void report(Map<String, Double> m) {
        m.put("guests.defined", (double) defined);
        m.put("guests.started", (double) running);
        m.put("guests.failed", (double) failed);
        if (startLatency.count() > 0) {
            m.put("start.latency.meanS", startLatency.mean());
            m.put("start.latency.p50S", startLatency.percentile(50));
            m.put("start.latency.p95S", startLatency.percentile(95));
            m.put("start.latency.p99S", startLatency.percentile(99));
            m.put("start.latency.maxS", startLatency.max());
        }
        m.put("libvirtd.workers.wait.maxS", libvirtd.workers().waits().count() == 0 ? 0 : libvirtd.workers().waits().max());
        m.put("machined.wait.maxS", machined.server().waits().count() == 0 ? 0 : machined.server().waits().max());
        for (LimitedPool p : pools()) {
            m.put("hw." + p.resource(), (double) p.highWater());
            if (p.limit() != LimitedPool.UNLIMITED) m.put("limit." + p.resource(), (double) p.limit());
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
        out.add(libvirtd.fds());
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
