package capsim.validate.predict;

import capsim.measure.Unit;
import capsim.experiment.ExperimentBuilder;
import capsim.model.StackSpec;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's prediction of what a probe measures: each prediction is an experiment run by
 * {@link ExperimentRunner} on the detected host model with the matching stack model. A probe
 * starts QEMU directly and paused, so the experiment drops what only libvirt and a booting guest
 * add (define and prepare RPCs, machined, boot) and gives every start its own worker; what is
 * left is the QEMU process the model builds: its fds, threads, memory and exec + realize time.
 */
public final class ModelPredictor {
    private final ExperimentBuilder experiment;
    private final ExperimentBuilder netExperiment;
    private final Path hostFile;
    private final Path stackFile;
    private final StackSpec stack;
    private final StackSpec stackAsFiled;
    private final int hostCpus;

    /** What the model predicts for QEMU processes started at once: totals over all of them. */
    public record Prediction(RunResult.Outcome outcome, long fds, long threads, double memoryMiB,
                             double startMeanMs, double startMaxMs, String breakingResource) {
    }

    /**
     * @param workDir no longer written to: the experiments are built in memory (kept for the callers)
     * @param guestMemoryMiB the -m every probe's QEMU gets
     */
    public ModelPredictor(Path hostFile, Path stackFile, Path workDir, int guestMemoryMiB) throws IOException {
        this.hostFile = hostFile.toAbsolutePath();
        this.stackFile = stackFile.toAbsolutePath();
        this.experiment = baseExperiment(guestMemoryMiB);
        this.netExperiment = netExperiment();
        var built = experiment.build();
        this.stack = built.stack();
        this.hostCpus = built.host().cpus();
        this.stackAsFiled = experiment("validate-stack", "the stack as its file says, without the probes' overrides")
                .guest(com.google.gson.JsonParser.parseString("{\"memoryMiB\": " + guestMemoryMiB + ", \"vcpus\": 1}").getAsJsonObject())
                .step(step("define")).build().stack();
    }

    /** An experiment on the detected host and the matched stack; seed 1 (the predictions draw nothing: no timing spread). */
    private ExperimentBuilder experiment(String name, String description) {
        return ExperimentBuilder.create(name).description(description).seed(1).host(hostFile).stack(stackFile);
    }

    private ExperimentBuilder baseExperiment(int guestMemoryMiB) {
        ExperimentBuilder e = experiment("validate-prediction",
                "what capsim validate's probes do: start QEMU directly, paused (-S), no libvirt, no boot");
        JsonObject g = new JsonObject();
        g.addProperty("memoryMiB", guestMemoryMiB);
        // a paused guest touches none of its RAM; 0 would mean "all of it"
        g.addProperty("touchedMiB", 0.001);
        g.addProperty("vcpus", 1);
        g.addProperty("disks", 0);
        g.addProperty("nics", 0);
        g.addProperty("console", false);
        g.addProperty("aio", "threads");
        // a paused guest does no I/O: no pool workers for it
        g.addProperty("ioDepth", 0);
        return e.guest(g).step(step("define")).step(step("start"))
                .override("stack.libvirt.defineMs", 0)
                .override("stack.libvirt.startPrepareMs", 0)
                .override("stack.machined.createMachineMs", 0)
                .override("stack.qemu.guestBootS", 0)
                // QEMU resets every device once while it starts, even paused; the guest driver's reset never comes
                .override("stack.qemu.resetsPerDevice", 1)
                // the mean of each time, not a draw around it
                .override("stack.timingSpread", 0);
    }

    /** Interfaces added one after the other in a namespace: no uplink, no IPv6 (the probe's links stay down). */
    private ExperimentBuilder netExperiment() {
        JsonObject s = new JsonObject();
        s.addProperty("kind", "add-interfaces");
        s.addProperty("count", 1);
        s.addProperty("namePattern", "tap%d");
        s.addProperty("bridges", 0);
        s.addProperty("registerOnUplink", false);
        s.addProperty("ipv6", false);
        return experiment("validate-net-prediction",
                "what capsim validate's network probes do: interfaces added in a namespace of their own")
                .step(s).override("stack.timingSpread", 0);
    }

    private RunResult netRun(int count, int bridges) {
        return ExperimentRunner.run(netExperiment.copy().set("steps[0].count", count).set("steps[0].bridges", bridges).build(), 1);
    }

    /**
     * The model's time to create one interface with a kernel-chosen name when the namespace
     * already holds {@code present} interfaces (lo included), µs.
     */
    public double netdevCreateUs(int present) {
        return netRun(Math.max(1, present), 0).metric("net.add.maxS") * 1e6;
    }

    /**
     * The model's time to attach one more port to a bridge that has {@code ports}, µs: the last
     * add with a bridge less the last add without one when as many devices exist (the bridge is
     * a device too, hence one more interface in the run without it).
     */
    public double bridgeAttachUs(int ports) {
        return (netRun(ports + 1, 1).metric("net.add.maxS") - netRun(ports + 2, 0).metric("net.add.maxS")) * 1e6;
    }

    /** The most ports the model lets one bridge take when {@code attempts} interfaces are put on it. */
    public long bridgePortLimit(int attempts) {
        return (long) netRun(attempts, 1).metrics().highWater("bridge.ports", Unit.COUNT);
    }

    private static JsonObject step(String kind) {
        JsonObject s = new JsonObject();
        s.addProperty("kind", kind);
        s.addProperty("count", 1);
        s.addProperty("concurrency", 1);
        return s;
    }

    /**
     * libvirtd as the libvirt probes drive it: {@code guests} transient guests started one at a
     * time (no disk, {@code nicQueues} NIC queues in all), the daemon holding {@code baseFds} fds
     * and {@code baseThreads} threads with none running (measured: the probe's own daemon has
     * fewer drivers than a full one), under RLIMIT_NOFILE {@code nofile} (0: none).
     */
    private RunResult libvirtdRun(int guests, long baseFds, long baseThreads, long nofile, int nicQueues) {
        Map<String, JsonElement> set = new LinkedHashMap<>(PAUSED);
        set.put("guest.nics", new JsonPrimitive(nicQueues > 0 ? 1 : 0));
        set.put("guest.nicQueues", new JsonPrimitive(Math.max(1, nicQueues)));
        set.put("stack.libvirt.daemonBaseFds", new JsonPrimitive(baseFds));
        set.put("stack.libvirt.daemonThreads", new JsonPrimitive(Math.max(1, baseThreads)));
        if (nofile > 0) {
            set.put("stack.libvirt.daemonNofile", new JsonPrimitive(nofile));
            set.put("stack.libvirt.raisesSoftNofile", new JsonPrimitive(false));
            // the probe's QEMUs inherit the daemon's limit but hold few fds: the daemon's limit is what is probed
            set.put("stack.libvirt.qemuMaxFiles", new JsonPrimitive(1024));
        }
        for (int i = 0; i < 2; i++) {
            set.put("steps[" + i + "].count", new JsonPrimitive(Math.max(1, guests)));
            set.put("steps[" + i + "].concurrency", new JsonPrimitive(1));
        }
        return ExperimentRunner.run(experiment.copy().set(set).build(), 1);
    }

    /** libvirtd's fds with {@code guests} running, from a model run on the measured base. */
    public long libvirtdFds(long base, int guests) {
        if (guests == 0) return base;
        return Math.round(libvirtdRun(guests, base, stack.libvirt().daemonThreads(), 0, 0).metric("libvirtd.fds.held"));
    }

    /** libvirtd's threads with {@code guests} running, from a model run on the measured base. */
    public long libvirtdThreads(long base, int guests) {
        if (guests == 0) return base;
        return Math.round(libvirtdRun(guests, stack.libvirt().daemonBaseFds(), base, 0, 0).metric("libvirtd.tasks.held"));
    }

    /**
     * The first guest (1, 2, …) whose start the model's libvirtd refuses under RLIMIT_NOFILE
     * {@code nofile}, started one at a time on the measured base: the guest named by the run's
     * libvirtd.nofile breaking point. 0 when none of {@code nofile} guests is refused.
     */
    public int libvirtdFirstRefusedStart(long base, long nofile, int nicQueues) {
        RunResult r = libvirtdRun((int) Math.max(1, nofile), base, stack.libvirt().daemonThreads(), nofile, nicQueues);
        for (var bp : r.breakingPoints()) {
            if (!bp.resource().equals("libvirtd.nofile")) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("guest-0*(\\d+)").matcher(bp.subject());
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return 0;
    }

    /** What the model predicts for NICs hot-plugged one by one into a running guest with {@code slots} free hot-plug slots. */
    public record HotplugPrediction(int firstRefused, double deviceAddMs, String refusal) {
    }

    /**
     * {@code attempts} virtio-net NICs hot-plugged into one running x86 guest that has
     * {@code slots} free pcie-root-ports: the first device the model refuses (0: none) and its
     * time per device_add.
     */
    public HotplugPrediction hotplugNics(int slots, int attempts) {
        JsonObject step = new JsonObject();
        step.addProperty("kind", "hotplug");
        step.addProperty("count", attempts);
        // a single-queue-pair virtio-net: rx, tx and the control queue
        step.addProperty("virtqueuesPerDevice", capsim.model.qemu.QemuSpec.nicVirtqueues(1));
        step.addProperty("device", "virtio-net");
        step.addProperty("hotplugSlots", slots);
        JsonObject g = new JsonObject();
        g.addProperty("memoryMiB", QEMU_GUEST_MIB);
        g.addProperty("vcpus", 1);
        g.addProperty("disks", 0);
        g.addProperty("nics", 0);
        RunResult r = ExperimentRunner.run(experiment("validate-hotplug-prediction",
                "what guest-hotplug does: NICs hot-plugged into pcie-root-ports of one running guest").guest(g).step(step)
                .override("stack.timingSpread", 0).build(), 1);
        int first = 0;
        String refusal = "";
        for (var bp : r.breakingPoints()) {
            if (!bp.resource().equals("pci.hotplug-slots")) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("device-0*(\\d+)").matcher(bp.subject());
            if (m.find()) first = Integer.parseInt(m.group(1));
            refusal = bp.knob();
            break;
        }
        return new HotplugPrediction(first, r.metric("hotplug.firstDeviceMs"), refusal);
    }

    private static final int QEMU_GUEST_MIB = 128;

    /**
     * What the model predicts for k booted guests started at once: the slowest start call's return
     * (QEMU's monitor up; virsh create returns) and the slowest guest's boot after it, and the time
     * until all have booted, ms.
     */
    public record BootsPrediction(double slowestStartMs, double slowestBootMs, double allBootedMs) {
    }

    /**
     * {@code k} booted guests (1 vCPU, no devices) started at once on this host's CPUs with
     * {@code backgroundCpus} of them busy otherwise: through plain QEMU (no libvirt RPCs) or through
     * libvirt (its define and prepare); no machined (the sandbox has no system bus). Every thread
     * shares the CPUs flat: the probes' QEMUs and private libvirtd run in one cgroup, the probe's.
     * {@code costs} overrides stack numbers (the costs fitted on the calibration points). The exec,
     * realize, libvirt's preparation and the boot are CPU work the k starts share.
     */
    public BootsPrediction bootsAtOnce(int k, boolean libvirt, double backgroundCpus, Map<String, Double> costs) {
        JsonObject g = new JsonObject();
        g.addProperty("memoryMiB", QEMU_GUEST_MIB);
        g.addProperty("vcpus", 1);
        g.addProperty("disks", 0);
        g.addProperty("nics", 0);
        g.addProperty("console", false);
        ExperimentBuilder e = experiment("validate-boots-prediction", "what concurrent-starts does: k booted guests at once")
                .guest(g).step(count("define", k, k)).step(count("start", k, k))
                .override("stack.machined.createMachineMs", 0)
                .override("stack.timingSpread", 0)
                .override("host.cpu.sharing", new JsonPrimitive("flat"))
                .override("host.cpu.backgroundCpus", backgroundCpus);
        if (!libvirt) e.override("stack.libvirt.defineMs", 0).override("stack.libvirt.startPrepareMs", 0);
        for (Map.Entry<String, Double> c : costs.entrySet()) e.override(c.getKey(), c.getValue());
        RunResult r = ExperimentRunner.run(e.build(), 1);
        double returned = r.metric("start.returned.maxS") * 1000;
        double booted = r.metric("start.latency.maxS") * 1000;
        return new BootsPrediction(returned, booted - returned, booted);
    }

    /**
     * The share of one CPU each busy vCPU gets when {@code k} running guests of {@code vcpusEach}
     * vCPUs keep all of them busy, with {@code backgroundCpus} of the host busy otherwise: one
     * minus the steal of a model run with a load step on all k.
     */
    public double cpuShareOf(int k, int vcpusEach, double backgroundCpus) {
        JsonObject g = new JsonObject();
        g.addProperty("memoryMiB", QEMU_GUEST_MIB);
        g.addProperty("vcpus", vcpusEach);
        g.addProperty("disks", 0);
        g.addProperty("nics", 0);
        g.addProperty("console", false);
        JsonObject load = new JsonObject();
        load.addProperty("kind", "load");
        load.addProperty("guests", k);
        load.addProperty("seconds", 60);
        load.addProperty("waitForEnd", true);
        RunResult r = ExperimentRunner.run(experiment("validate-cpu-share-prediction", "what cpu-share does: k busy guests")
                .guest(g).step(count("define", k, k)).step(count("start", k, k)).step(load)
                .override("stack.timingSpread", 0)
                .override("host.cpu.sharing", new JsonPrimitive("flat"))
                .override("host.cpu.backgroundCpus", backgroundCpus).build(), 1);
        return 1 - r.metric("cpu.load.load1.vcpu.steal");
    }

    private static JsonObject count(String kind, int count, int concurrency) {
        JsonObject s = new JsonObject();
        s.addProperty("kind", kind);
        s.addProperty("count", count);
        s.addProperty("concurrency", concurrency);
        return s;
    }

    /** The stack as its file says: the probes' experiments zero what a paused QEMU never does (boot, libvirt's RPCs). */
    public StackSpec stackAsFiled() {
        return stackAsFiled;
    }

    public StackSpec stack() {
        return stack;
    }

    public Path stackFile() {
        return stackFile;
    }

    public Path hostFile() {
        return hostFile;
    }

    /** One QEMU with {@code disks} virtio-blk disks, file-backed or with no file (null-co). */
    public Prediction oneQemu(int disks, boolean fileBacked) {
        return run(1, disks, fileBacked, 0, Map.of());
    }

    /**
     * What resetting {@code disks} virtio-blk disks once costs in the model, ms: the start of a
     * QEMU whose only cost is its one reset per device (the drain the drain policy makes).
     */
    public double resetMs(int disks) {
        if (disks == 0) return 0;
        return run(1, disks, false, 0, Map.of("stack.qemu.processStartMs", new JsonPrimitive(0),
                "stack.qemu.deviceRealizeMs", new JsonPrimitive(0))).startMeanMs();
    }

    /** The fraction of one CPU each busy vCPU gets when {@code k} guests of {@code vcpusEach} vCPUs keep them busy on an otherwise idle host. */
    public double cpuShare(int k, int vcpusEach) {
        return cpuShareOf(k, vcpusEach, 0);
    }

    /** The host model's online CPUs. */
    public int hostCpus() {
        return hostCpus;
    }

    /** {@code k} QEMUs without disks, all started at once. */
    public Prediction manyQemu(int k) {
        return run(k, 0, false, 0, Map.of());
    }

    /**
     * The largest number of file-backed disks the model lets one QEMU start with when its
     * RLIMIT_NOFILE is {@code nofile}: the largest N whose run does not break (searched over
     * model runs; the fd demand grows with N).
     */
    public int maxDisksUnder(long nofile, int ceiling) {
        if (run(1, 0, true, nofile, Map.of()).outcome() != RunResult.Outcome.COMPLETED) return -1;
        int lo = 0;
        int hi = ceiling;
        if (run(1, hi, true, nofile, Map.of()).outcome() == RunResult.Outcome.COMPLETED) return hi;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (run(1, mid, true, nofile, Map.of()).outcome() == RunResult.Outcome.COMPLETED) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /**
     * What the model predicts for one booted guest: fds of the realized (paused) process, fds once
     * the guest driver has started every device, threads, and the devices that had to do without
     * ioeventfds (or vhost) because the fds ran out at driver start.
     */
    public record GuestPrediction(RunResult.Outcome outcome, long fdsAtRealize, long fdsBooted, long threads,
                                  long ioeventfdFallbacks, long vhostFallbacks, String breakingResource) {
    }

    /**
     * One guest booted with {@code nics} virtio-net NICs of {@code queuePairs} queue pairs on
     * taps, {@code disks} virtio-blk disks and a console, under RLIMIT_NOFILE {@code nofile}
     * (0 = inherited), as the guest probes start it: directly, no libvirt.
     */
    public GuestPrediction guest(int nics, int queuePairs, int disks, boolean fileBacked, long nofile) {
        Map<String, JsonElement> more = new LinkedHashMap<>();
        more.put("guest.nics", new JsonPrimitive(nics));
        more.put("guest.nicQueues", new JsonPrimitive(queuePairs));
        // the console is a file the serial chardev writes: one fd, as the model's console pty
        more.put("guest.console", new JsonPrimitive(true));
        RunResult r = runResult(1, disks, fileBacked, nofile, more);
        String broke = r.breakingPoints().isEmpty() ? "" : r.breakingPoints().get(0).resource();
        long realize = Math.round(r.metric("qemu.fds.perProcessAtRealize"));
        // what the running QEMU holds once booted (its start's transient fds given back); the static total if it never ran
        double held = r.metrics().values().getOrDefault("qemu.fds.heldRunning", Double.NaN);
        long booted = Double.isNaN(held) ? Math.round(r.metric("qemu.fds.perProcess")) : Math.round(held);
        return new GuestPrediction(r.outcome(), realize, booted, Math.round(r.metric("qemu.threads.perProcess")),
                Math.round(r.metric("qemu.devices.ioeventfdFallback")), Math.round(r.metric("qemu.nics.vhostFallback")), broke);
    }

    /**
     * A paused QEMU: no guest driver ever starts a device, so none of the driver-start-only fds come
     * (vhost's kick/call stay as they are: zeroing them would move them into the realize count).
     */
    private static final Map<String, JsonElement> PAUSED = Map.of(
            "stack.qemu.fdsPerDiskQueue", new JsonPrimitive(0),
            "stack.qemu.fdsPerDiskDevice", new JsonPrimitive(0),
            "stack.qemu.nicFallbackFdsPerVirtqueue", new JsonPrimitive(0),
            "stack.qemu.fdsPerNicDevice", new JsonPrimitive(0));

    private Prediction run(int k, int disks, boolean fileBacked, long nofile, Map<String, JsonElement> more) {
        Map<String, JsonElement> paused = new LinkedHashMap<>(PAUSED);
        paused.putAll(more);
        RunResult r = runResult(k, disks, fileBacked, nofile, paused);
        String broke = r.breakingPoints().isEmpty() ? "" : r.breakingPoints().get(0).resource();
        // fds as /proc shows them in a paused QEMU: realized devices, no guest driver has started
        // one (no ioeventfds, irqfds or vhost kick/call yet); the fds held only while starting are gone
        long fds = Math.round(r.metric("qemu.fds.perProcessAtRealize") * r.metric("guests.started"));
        // the qemu user's tasks are QEMU's alone (threads-max also counts the host's own tasks)
        return new Prediction(r.outcome(), fds, (long) r.metrics().highWater("qemu-user.nproc", Unit.COUNT),
                r.metrics().highWater("host.memory", Unit.MIB), r.metric("start.latency.meanS") * 1000, r.metric("start.latency.maxS") * 1000, broke);
    }

    private RunResult runResult(int k, int disks, boolean fileBacked, long nofile, Map<String, JsonElement> more) {
        Map<String, JsonElement> set = new LinkedHashMap<>();
        set.put("guest.disks", new JsonPrimitive(disks));
        set.put("guest.diskBacking", new JsonPrimitive(fileBacked ? "file" : "block"));
        for (int i = 0; i < 2; i++) {
            set.put("steps[" + i + "].count", new JsonPrimitive(k));
            set.put("steps[" + i + "].concurrency", new JsonPrimitive(k));
        }
        set.put("stack.libvirt.maxWorkers", new JsonPrimitive(Math.max(k, stack.libvirt().maxWorkers())));
        // a null-co disk opens no file, and its reads complete without the thread pool
        if (!fileBacked) {
            set.put("stack.qemu.diskImageFds", new JsonPrimitive(0));
            set.put("stack.qemu.startReadWorkers", new JsonPrimitive(0));
        }
        if (nofile > 0) set.put("stack.libvirt.qemuMaxFiles", new JsonPrimitive(nofile));
        set.putAll(more);
        return ExperimentRunner.run(experiment.copy().set(set).build(), 1);
    }
}
