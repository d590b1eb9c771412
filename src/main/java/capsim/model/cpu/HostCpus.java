package capsim.model.cpu;

import capsim.kernel.Simulation;
import capsim.measure.MetricSink;
import capsim.measure.Unit;
import capsim.model.common.HostComponent;
import capsim.model.host.CpuSpec;
import capsim.model.host.CpuSpec.CpuSharing;
import capsim.model.host.HostSpec;
import capsim.resource.FairShareCpus;
import capsim.resource.FairShareCpus.Group;
import capsim.resource.FairShareCpus.ThreadClass;
import capsim.stat.Curve;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's CPUs at run time and who asks for them: libvirtd's and machined's work per call in
 * system.slice, and in machine.slice each guest's QEMU (its start, device realize, drains) and
 * vCPUs (the boot, a load). With {@link CpuSharing#FLAT} every runnable thread weighs the same;
 * with {@link CpuSharing#CGROUPS} the slices share the CPUs by their weights, each guest's scope
 * weighs the same whatever its vCPUs, and a service's cgroup the same however many of its
 * threads run. With CPU to spare every piece of work takes exactly its time alone.
 */
public final class HostCpus implements HostComponent {
    private final Simulation sim;
    private final CpuSpec spec;
    private final FairShareCpus cpus;
    private final Group system;
    private final Group machine;
    private final ThreadClass libvirtd;
    private final ThreadClass machined;
    private final ThreadClass qemu;
    private final ThreadClass boot;
    private final CpuTimeline timeline = new CpuTimeline();
    private final Map<String, ThreadClass> loads = new LinkedHashMap<>();
    private final List<Curve> extraCurves = new ArrayList<>();
    private final List<LoadReport> reports = new ArrayList<>();
    private int loadSteps;
    private int loadedGuests;
    private double dirtyMiBPerS;

    /** QEMU's CPU costs per event (stack.qemu): a block request's handling, an event-loop iteration and its cost per watched fd, µs. */
    public record QemuCosts(double blockRequestUs, double loopIterationUs, double loopPerFdUs) {
    }

    private final QemuCosts costs;

    /** @param bootCpu CPUs a booting guest keeps busy (its boot vCPU; less when the boot waits on I/O or timers) */
    public HostCpus(Simulation sim, HostSpec host, double bootCpu, QemuCosts costs) {
        this.sim = sim;
        this.costs = costs;
        this.spec = host.cpu();
        this.cpus = new FairShareCpus(sim, spec.capacity(host.cpus()));
        cpus.addListener(timeline);
        boolean cgroups = spec.sharing() == CpuSharing.CGROUPS;
        if (cgroups) {
            system = cpus.group("system.slice", spec.systemSliceWeight());
            machine = cpus.group("machine.slice", spec.machineSliceWeight());
            // a service is one cgroup of weight CPUWeight (systemd's default 100) however many of its threads run; inside
            // system.slice only the services' weights against each other count, and all are the default
            libvirtd = system.cgroup("libvirtd", 100, 1);
            machined = system.cgroup("systemd-machined", 100, 1);
        } else {
            system = cpus.group("all", 1);
            machine = system;
            libvirtd = system.threads("libvirtd", 1, 1);
            machined = system.threads("systemd-machined", 1, 1);
        }
        double guest = cgroups ? spec.guestWeight() : 1;
        qemu = machine.threads("qemu", guest, 1);
        boot = machine.threads("guest boot", guest, Math.max(1e-6, Math.min(1, bootCpu)));
    }

    /** libvirtd's RPC work: its threads share the service's cgroup. */
    public ThreadClass libvirtd() {
        return libvirtd;
    }

    /** systemd-machined's work per call (one thread). */
    public ThreadClass machined() {
        return machined;
    }

    /** A QEMU process's own work while it starts (exec, device realize, drains): one thread per guest. */
    public ThreadClass qemu() {
        return qemu;
    }

    /** A booting guest's vCPU. */
    public ThreadClass boot() {
        return boot;
    }

    /**
     * Threads of running guests that a load keeps busy: {@code maxCpus} each, and with cgroups
     * each guest's scope weight split among its {@code threadsPerGuest} busy threads. One class
     * per name (a profile's vCPUs, its I/O handling).
     */
    public ThreadClass guestThreads(String name, double maxCpus, int threadsPerGuest) {
        return loads.computeIfAbsent(name, n -> {
            double w = spec.sharing() == CpuSharing.CGROUPS ? spec.guestWeight() / Math.max(1, threadsPerGuest) : 1;
            return machine.threads(n, w, maxCpus);
        });
    }

    /** Host-side threads outside the guests (kernel threads, another daemon) in system.slice, one weight each. */
    public ThreadClass hostThreads(String name, double maxCpus) {
        return loads.computeIfAbsent(name, n -> system.threads(n, spec.sharing() == CpuSharing.CGROUPS ? 100 : 1, maxCpus));
    }

    /** A step's own figures, added to the run's metrics. */
    public interface LoadReport {
        void report(MetricSink m);
    }

    public void addReport(LoadReport r) {
        reports.add(r);
    }

    public QemuCosts qemuCosts() {
        return costs;
    }

    public CpuSpec spec() {
        return spec;
    }

    /** A name for the next load step's thread classes ("load1", "load2", ...). */
    public String nextLoadId() {
        return "load" + (++loadSteps);
    }

    /** A load began on {@code guests} guests, each dirtying memory at {@code dirty} MiB/s. */
    public void loadStarted(int guests, double dirty) {
        loadedGuests += guests;
        dirtyMiBPerS = Math.max(dirtyMiBPerS, dirty);
    }

    public void loadEnded(int guests) {
        loadedGuests -= guests;
        if (loadedGuests == 0) dirtyMiBPerS = 0;
    }

    /** The highest dirty rate of the loads running now, MiB/s (0 when none runs): what a migration meanwhile re-sends. */
    public double loadDirtyMiBPerS() {
        return dirtyMiBPerS;
    }

    /** Guests a load keeps busy now. */
    public int loadedGuests() {
        return loadedGuests;
    }

    public FairShareCpus cpus() {
        return cpus;
    }

    /** CPUs' worth of service the threads share. */
    public double capacity() {
        return cpus.capacity();
    }

    /** A table a step adds to this run's curves (a load's steal over time). */
    public void addCurve(Curve c) {
        extraCurves.add(c);
    }

    @Override
    public List<Curve> curves() {
        if (!timeline.used()) return List.of();
        List<Curve> out = new ArrayList<>();
        out.add(timeline.curve(sim.now(), cpus.capacity()));
        out.addAll(extraCurves);
        return out;
    }

    @Override
    public void report(MetricSink m) {
        if (!timeline.used()) return;
        double capacity = cpus.capacity();
        double seconds = sim.now() / 1e9;
        double used = cpus.usedCpuSeconds();
        m.amount("cpu.capacity", Unit.CPUS, capacity);
        m.amount("cpu.used.mean", Unit.CPUS, seconds > 0 ? used / seconds : 0);
        m.amount("cpu.used.max", Unit.CPUS, timeline.maxUsed());
        m.ratio("cpu.utilization.mean", Unit.RATIO, seconds > 0 ? used / seconds / capacity : 0);
        m.ratio("cpu.utilization.max", Unit.RATIO, timeline.maxUsed() / capacity);
        m.amount("cpu.demand.max", Unit.CPUS, timeline.maxDemand());
        m.count("cpu.runnable.max", Unit.THREADS, timeline.maxRunnable());
        for (ThreadClass c : loads.values()) {
            if (c.flowDemandCpuSeconds() <= 0) continue;
            String key = "cpu.load." + c.name();
            m.amount(key + ".cpuSeconds", Unit.S, c.flowCpuSeconds());
            m.ratio(key + ".steal", Unit.RATIO, c.flowSteal());
        }
        for (LoadReport r : reports) r.report(m);
    }
}
