package capsim.validate;

import capsim.validate.predict.ModelPredictor;
import capsim.validate.predict.ValidationModels;
import capsim.config.InputException;
import capsim.config.JsonText;
import capsim.hostdetect.HostDetect;
import capsim.hostdetect.ProcFiles;
import capsim.report.Json;
import capsim.report.ResultsFolder;
import capsim.validate.calibration.CalibratedModels;
import capsim.validate.calibration.Calibration;
import capsim.validate.calibration.Series;
import capsim.validate.host.BootedGuests;
import capsim.validate.host.Cleanup;
import capsim.validate.host.GuestImage;
import capsim.validate.host.NetNamespace;
import capsim.validate.host.Program;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import capsim.validate.host.RefusedException;
import capsim.validate.probe.Probe;
import capsim.validate.probe.ProbeContext;
import capsim.validate.probe.ProbeResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validation run: sweeps what killed earlier runs left, checks that the programs and rights
 * the chosen probes need are there (refusing otherwise), detects the host, matches the stack
 * model to the QEMU found, runs the probes against the simulator's predictions, calibrates if
 * asked, writes the results folder and prints the error table. Everything it starts is removed
 * again, whatever happens.
 */
public final class Validation {
    /** A booted guest under TCG reports its devices up within seconds on an idle core; this much allows for a loaded one. */
    static final Duration GUEST_BOOT_TIMEOUT = Duration.ofSeconds(120);

    /** Exit code when every curve and limit is within its tolerance. */
    public static final int PASS = 0;
    /** Exit code when a probe is outside its tolerance or broke off: a finding, reported. */
    public static final int FINDINGS = 1;

    public record Options(List<String> probes, Integer max, int points, int repeat, int maxQemu, Path out,
                          boolean calibrate, Path modelDir, Duration qmpTimeout, String commandLine) {
    }

    public record Outcome(int exitCode, Path resultsDir, List<ProbeResult> results, List<Calibration.Parameter> calibration,
                          List<Path> modelFiles) {
    }

    private Validation() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = ProcFiles.read(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The probes by name, in run order; unknown names are bad input. */
    public static List<Probe> select(List<String> names) {
        List<Probe> all = Probe.all();
        if (names == null || names.isEmpty()) return all;
        Map<String, Probe> byName = new LinkedHashMap<>();
        for (Probe p : all) byName.put(p.name(), p);
        List<Probe> out = new ArrayList<>();
        for (String n : names) {
            Probe p = byName.get(n);
            if (p == null) throw new InputException("--probe " + n, "", 0, "unknown probe \"" + n + "\"; one of " + byName.keySet());
            if (!out.contains(p)) out.add(p);
        }
        out.sort((a, b) -> all.indexOf(a) - all.indexOf(b));
        return out;
    }

    /**
     * The host as this run sees it: its name, the QEMU targets installed and their versions, and
     * the stack model matched to the first version (the index's first stack without QEMU).
     */
    private record HostInfo(HostDetect detect, String name, List<QemuTarget> targets, Map<QemuTarget, String> versions,
                            String version, ValidationModels.StackEntry stack) {
    }

    /** What calibration produced: the parameters and the model files written (both empty without --calibrate). */
    private record Calibrated(List<Calibration.Parameter> params, List<Path> modelFiles) {
        static final Calibrated NONE = new Calibrated(List.of(), List.of());
    }

    public static Outcome run(Options o, PrintStream out, PrintStream log) throws IOException {
        List<Probe> probes = select(o.probes());
        boolean explicit = o.probes() != null && !o.probes().isEmpty();
        try (Cleanup cleanup = new Cleanup()) {
            for (String s : Cleanup.sweepStale(o.out())) log.println("capsim validate: removed what an earlier run left: " + s);
            List<QemuTarget> targets = installedTargets();
            refuseMissingPrograms(probes, targets);
            Map<Probe, String> skip = netnsSkips(probes, explicit, cleanup);
            HostInfo host = detectHost(targets);

            try (ResultsFolder folder = ResultsFolder.create(o.out(), "validate-" + CalibratedModels.hostLabel(host.name()))) {
                Path dir = folder.dir();
                Path owner = claim(dir, cleanup);
                Path hostFile = writeHostModel(dir, host);
                // a plain run predicts with the committed calibration for this host kind (the calibrated host file and, per
                // QEMU target, its calibrated stack): its error table is then a prediction error on a separate run;
                // --calibrate fits afresh from the uncalibrated stack and the detected host
                String label = CalibratedModels.hostLabel(host.name());
                Path calibratedHost = Path.of("models", "hosts", "calibrated-" + label + ".json");
                Map<QemuTarget, ValidationModels.Calibration> committed = new LinkedHashMap<>();
                if (!o.calibrate()) {
                    for (QemuTarget t : host.targets()) ValidationModels.committedCalibration(label, t.label()).ifPresent(c -> committed.put(t, c));
                }
                Path predictionHost = !committed.isEmpty() && Files.isRegularFile(calibratedHost) ? calibratedHost : hostFile;
                Map<QemuTarget, ModelPredictor> models = new LinkedHashMap<>();
                for (QemuTarget t : host.targets()) {
                    Path stack = committed.containsKey(t) ? committed.get(t).stack() : Path.of(host.stack().stack());
                    models.put(t, new ModelPredictor(predictionHost, stack, dir, QemuLauncher.GUEST_MEMORY_MIB));
                }
                Path stackFile = host.targets().isEmpty() || !committed.containsKey(host.targets().get(0))
                        ? Path.of(host.stack().stack()) : committed.get(host.targets().get(0)).stack();
                ModelPredictor model = host.targets().isEmpty()
                        ? new ModelPredictor(predictionHost, stackFile, dir, QemuLauncher.GUEST_MEMORY_MIB) : models.get(host.targets().get(0));
                ValidationModels.Costs costs = committed.isEmpty() ? ValidationModels.costs() : ValidationModels.costs(committed.values().iterator().next().costs());
                ProbeContext ctx = context(o, cleanup, model, models, host, costs, log);
                String predictedWith = !committed.isEmpty()
                        ? "the committed calibration: host " + predictionHost + ", stacks " + committed.values().stream().map(c -> c.stack().toString()).toList()
                                + ", costs " + committed.values().iterator().next().costs()
                        : o.calibrate() ? "the uncalibrated stack (this run fits the calibration)" : "the uncalibrated stack (no committed calibration for this host kind)";

                log.println("capsim validate on " + host.name() + ": QEMU " + host.versions() + " under TCG, predicted with " + predictedWith
                        + "; detected host model " + hostFile.getFileName());
                String loadBefore = loadAverage();
                List<ProbeResult> results = runProbes(probes, skip, explicit, ctx, log);

                String when = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
                Calibrated calibrated = o.calibrate() ? calibrate(results, model, host, hostFile, dir, o.modelDir()) : Calibrated.NONE;

                JsonObject run = runDescription(o, host, probes, when, loadBefore);
                run.addProperty("stack", stackFile.toString());
                run.addProperty("predictedWith", predictedWith);
                writeResults(dir, run, results, calibrated.params());
                Files.delete(owner);
                Path published = folder.publish();

                printSummary(out, results, calibrated, loadBefore, published);
                boolean pass = results.stream().allMatch(r -> r.skippedReason() != null || r.passes());
                return new Outcome(pass ? PASS : FINDINGS, published, results, calibrated.params(), calibrated.modelFiles());
            }
        }
    }

    /** The QEMU targets installed on this host, in {@link QemuTarget} order. */
    private static List<QemuTarget> installedTargets() {
        List<QemuTarget> targets = new ArrayList<>();
        for (QemuTarget t : QemuTarget.values()) if (t.installed()) targets.add(t);
        return targets;
    }

    /** Refuses before anything starts when a probe lacks QEMU or one of its programs. */
    private static void refuseMissingPrograms(List<Probe> probes, List<QemuTarget> targets) {
        for (Probe p : probes) {
            if (p.needsQemu() && targets.isEmpty()) {
                throw new RefusedException(p.name() + " needs QEMU: " + Program.QEMU_S390X.missing() + "; or "
                        + Program.QEMU_X86_64.missing());
            }
            for (Program pr : p.programs()) if (pr.find().isEmpty()) throw new RefusedException(p.name() + " needs " + pr.missing());
        }
    }

    /**
     * The probes to skip, with why, when no network namespace can be created: a probe named on
     * the command line is refused instead, one of the default set is skipped.
     */
    private static Map<Probe, String> netnsSkips(List<Probe> probes, boolean explicit, Cleanup cleanup) {
        Map<Probe, String> skip = new LinkedHashMap<>();
        if (probes.stream().anyMatch(Probe::needsNetns)) {
            String why = NetNamespace.whyNot(cleanup);
            if (why != null) {
                for (Probe p : probes) {
                    if (!p.needsNetns()) continue;
                    if (explicit) throw new RefusedException(p.name() + ": cannot create a network namespace: " + why);
                    skip.put(p, why);
                }
            }
        }
        return skip;
    }

    /** Detects the host, reads the QEMU versions and matches the stack model to the first one. */
    private static HostInfo detectHost(List<QemuTarget> targets) throws IOException {
        HostDetect detect = new HostDetect();
        String name = detect.hostnameOf();
        ValidationModels.StackIndex index = ValidationModels.stackIndex();
        Map<QemuTarget, String> versions = new LinkedHashMap<>();
        for (QemuTarget t : targets) versions.put(t, t.version());
        String version = versions.isEmpty() ? null : versions.values().iterator().next();
        ValidationModels.StackEntry stack = version == null ? index.stacks().get(0) : index.match(version, ValidationModels.Accel.TCG);
        return new HostInfo(detect, name, targets, versions, version, stack);
    }

    /**
     * Marks the results folder as this run's while it runs (the owner file names the cleanup
     * tag, so a later run can sweep it if this one is killed); returns the owner file.
     */
    private static Path claim(Path dir, Cleanup cleanup) throws IOException {
        cleanup.adopt(dir);
        Path owner = dir.resolve(Cleanup.OWNER_FILE);
        Files.writeString(owner, cleanup.tag() + "\n", StandardCharsets.UTF_8);
        return owner;
    }

    /** Writes the detected host as host.json, the host model the predictions run on. */
    private static Path writeHostModel(Path dir, HostInfo host) throws IOException {
        Path hostFile = dir.resolve("host.json");
        Files.writeString(hostFile, JsonText.PRETTY.toJson(host.detect().detect()) + "\n", StandardCharsets.UTF_8);
        return hostFile;
    }

    /** What every probe runs with: the settings, a QEMU launcher, the model, the limits and costs files, the targets. */
    private static ProbeContext context(Options o, Cleanup cleanup, ModelPredictor model, Map<QemuTarget, ModelPredictor> models,
                                        HostInfo host, ValidationModels.Costs costs, PrintStream log) throws IOException {
        QemuLauncher launcher = new QemuLauncher(cleanup, o.qmpTimeout());
        BootedGuests guests = new BootedGuests(cleanup, GuestImage.defaultCache(), o.qmpTimeout(), GUEST_BOOT_TIMEOUT);
        return new ProbeContext(new ProbeContext.Settings(o.max(), o.points(), o.repeat(), o.maxQemu()),
                cleanup, launcher, model, Map.copyOf(models), ValidationModels.limits(), costs, List.copyOf(host.targets()), guests, log);
    }

    /**
     * Runs the probes in order, each timed. A refusal skips the probe (or ends the run when it
     * was named on the command line); any other exception marks it as broken off.
     */
    private static List<ProbeResult> runProbes(List<Probe> probes, Map<Probe, String> skip, boolean explicit, ProbeContext ctx,
                                               PrintStream log) {
        List<ProbeResult> results = new ArrayList<>();
        for (Probe p : probes) {
            if (skip.containsKey(p)) {
                results.add(ProbeResult.skipped(p.name(), skip.get(p)));
                log.println("- " + p.name() + ": skipped: " + skip.get(p));
                continue;
            }
            log.println("- " + p.name() + ": " + p.description());
            long t0 = System.nanoTime();
            ProbeResult r;
            try {
                r = p.run(ctx);
            } catch (RefusedException e) {
                if (explicit) throw e;
                r = ProbeResult.skipped(p.name(), e.getMessage());
            } catch (Exception e) {
                r = ProbeResult.failed(p.name(), e.toString());
                log.println("  " + p.name() + ": broke off: " + e);
            }
            r.wallS((System.nanoTime() - t0) / 1e9);
            results.add(r);
        }
        return results;
    }

    /** Fits the free parameters on every curve and writes them as model files into the results folder and {@code modelDir}. */
    private static Calibrated calibrate(List<ProbeResult> results, ModelPredictor model, HostInfo host, Path hostFile, Path dir,
                                        Path modelDir) throws IOException {
        List<Series> all = new ArrayList<>();
        for (ProbeResult r : results) all.addAll(r.series());
        // one reset per disk at start drains one AioContext (per-aio-context policy, no IOThreads)
        List<Calibration.Parameter> params = CalibratedModels.derive(Calibration.calibrate(all), model.stack().qemu().drainPollMs());
        String provenance = "fitted by capsim validate --calibrate on host " + host.name() + " (" + HostDetect.cpuModel() + ", kernel "
                + System.getProperty("os.version") + ", QEMU " + (host.version() == null ? "-" : host.version()) + " under TCG) on "
                + LocalDate.now() + " from " + host.stack().stack() + "; least squares a + b*x on the lower half of each curve, upper half checks";
        List<Path> modelFiles = CalibratedModels.write(params, Path.of(host.stack().stack()), ValidationModels.DIR.resolve("costs.json"),
                hostFile, host.name(), provenance, dir, modelDir);
        return new Calibrated(params, modelFiles);
    }

    /** The "run" object of summary.json: host, QEMU versions, stack, time, load and command. */
    private static JsonObject runDescription(Options o, HostInfo host, List<Probe> probes, String when, String loadBefore) {
        JsonObject run = new JsonObject();
        run.addProperty("host", host.name());
        run.addProperty("cpu", HostDetect.cpuModel());
        run.addProperty("kernel", System.getProperty("os.version"));
        run.addProperty("accel", "tcg");
        JsonObject qv = new JsonObject();
        host.versions().forEach((t, v) -> qv.addProperty(t.label(), v));
        run.add("qemu", qv);
        run.addProperty("stack", host.stack().stack());
        run.addProperty("startedAt", when);
        // times depend on what else runs: the load says how busy the host was
        run.addProperty("loadAverageBefore", loadBefore);
        run.addProperty("loadAverageAfter", loadAverage());
        run.addProperty("cpus", Runtime.getRuntime().availableProcessors());
        run.addProperty("command", o.commandLine());
        JsonArray pr = new JsonArray();
        probes.forEach(p -> pr.add(p.name()));
        run.add("probesSelected", pr);
        return run;
    }

    /** Writes curves.csv, errors.csv, limits.csv, the charts and summary.json. */
    private static void writeResults(Path dir, JsonObject run, List<ProbeResult> results, List<Calibration.Parameter> params)
            throws IOException {
        ValidationReport.writeCurves(dir.resolve("curves.csv"), results);
        ValidationReport.writeErrors(dir.resolve("errors.csv"), results);
        ValidationReport.writeLimits(dir.resolve("limits.csv"), results);
        ValidationReport.writeCharts(dir, results);
        Files.writeString(dir.resolve("summary.json"), JsonText.PRETTY.toJson(ValidationReport.summary(run, results, params)) + "\n",
                StandardCharsets.UTF_8);
    }

    /** Prints the error table, notes, calibrated parameters, the load and where the results are. */
    private static void printSummary(PrintStream out, List<ProbeResult> results, Calibrated calibrated, String loadBefore, Path published) {
        out.print(ValidationReport.table(results));
        for (ProbeResult r : results) {
            if (r.error() != null) out.println("probe " + r.probe() + " broke off: " + r.error());
            for (ProbeResult.Measurement m : r.measurements()) out.println("measured " + r.probe() + ": " + m.describe());
            for (String n : r.notes()) out.println("note " + r.probe() + ": " + n);
        }
        if (!calibrated.params().isEmpty()) {
            out.println();
            out.println("calibrated (fit on the lower half of each curve, checked on the upper half):");
            for (Calibration.Parameter p : calibrated.params()) {
                out.println(String.format(Locale.ROOT, "  %-8s %-40s %12.5g   %s", p.target(), p.name(), p.value(), p.describe()));
            }
            for (Path f : calibrated.modelFiles()) out.println("wrote " + f);
        }
        out.println("load average before/after: " + loadBefore + " / " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs (times are measured on a host shared with whatever else runs)");
        out.println("results: " + published);
        out.flush();
    }
}
