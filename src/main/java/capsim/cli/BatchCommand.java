package capsim.cli;

import capsim.config.JsonText;
import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchPlan;
import capsim.analysis.BatchRunner;
import capsim.analysis.Overrides;
import capsim.report.BatchReport;
import capsim.report.Json;
import capsim.report.RunWriter;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import capsim.config.InputException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What sweep and compare share: run a {@link BatchPlan} in a results folder that can be resumed.
 * The folder is created under its final name with {@code batch.json} (the plan and a hash of
 * every resolved input) and {@code journal.jsonl} (one line per finished run). The results files
 * are written when every run is in; a folder without {@code summary.json} is unfinished and
 * {@code --resume DIR} finishes it, running only the missing runs.
 */
abstract class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions common;

    @Option(names = {"-r", "--replications"}, paramLabel = "R", description = "replications per point, on seeds SEED, SEED+1, ... (default: 3)")
    Integer replications;

    @Option(names = "--seed", description = "seed of the first replication (default: the experiment's)")
    Long seed;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "runs in parallel (default: all cores, ${DEFAULT-VALUE})")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--metric", paramLabel = "NAME", description = "metric to chart and tabulate (repeatable; default: key metrics that vary)")
    List<String> metrics = new java.util.ArrayList<>();

    @Option(names = "--resume", paramLabel = "DIR", description = "finish an interrupted batch in its results folder (runs only what is missing)")
    Path resume;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Option(names = "--stop-after", hidden = true, description = "stop after N runs (simulates an interruption; for tests)")
    int stopAfter;

    static final String PLAN_FILE = "batch.json";
    static final String JOURNAL = "journal.jsonl";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** "sweep" or "compare". */
    abstract String command();

    /** Builds the plan from the command line (not called with --resume). */
    abstract BatchPlan plan();

    /** Options that describe the plan and so cannot be combined with --resume. */
    abstract boolean planOptionsGiven();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter outW = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchPlan plan;
        Path dir;
        Path cwd;
        if (resume != null) {
            if (planOptionsGiven() || !common.sets.isEmpty() || replications != null || seed != null || !metrics.isEmpty()) {
                throw new InputException("--resume " + resume, "", 0, "with --resume give only --jobs, --quiet and --json: the plan is in "
                        + resume.resolve(PLAN_FILE));
            }
            dir = resume;
            JsonObject saved = readPlanFile(dir);
            plan = BatchPlan.fromJson(saved.getAsJsonObject("plan"), dir.resolve(PLAN_FILE).toString());
            cwd = Path.of(saved.get("cwd").getAsString());
            Loaded loaded = loadAll(plan, cwd);
            if (!loaded.hash().equals(saved.get("inputsHash").getAsString())) {
                throw new InputException(dir.resolve(PLAN_FILE).toString(), "inputsHash", 0,
                        "the experiment or its model files changed since this " + command()
                                + " started; results would mix two models. Start a new " + command() + ".");
            }
            return finishBatch(plan, loaded, dir, outW, err, saved.get("commandLine").getAsString());
        }
        plan = plan();
        cwd = Path.of("").toAbsolutePath();
        Loaded loaded = loadAll(plan, cwd);
        dir = newFolder(common.out, loaded.name() + "-" + command());
        JsonObject saved = new JsonObject();
        saved.addProperty("capsim", command());
        saved.addProperty("cwd", cwd.toString());
        saved.addProperty("commandLine", commandLine());
        saved.addProperty("inputsHash", loaded.hash());
        saved.add("plan", plan.toJson());
        writeAtomically(dir.resolve(PLAN_FILE), JsonText.PRETTY.toJson(saved) + "\n");
        return finishBatch(plan, loaded, dir, outW, err, commandLine());
    }

    private int finishBatch(BatchPlan plan, Loaded loaded, Path dir, PrintWriter outW, PrintWriter err, String commandLine)
            throws IOException, InterruptedException {
        boolean alreadyDone = Files.exists(dir.resolve("summary.json"));
        ProgressBar bar = alreadyDone ? null : ProgressBar.forTerminal(err, quiet, "runs");
        if (bar != null) {
            err.println("capsim " + command() + ": results in " + dir + " (if interrupted: capsim " + command() + " --resume " + dir + ")");
        }
        BatchRunner runner = new BatchRunner(plan, loaded.experiments(), dir.resolve(JOURNAL), jobs, bar, stopAfter);
        long t0 = System.nanoTime();
        BatchRunner.Result result = runner.run();
        if (bar != null) bar.finish();
        double wallS = (System.nanoTime() - t0) / 1e9;
        if (!result.complete()) {
            String msg = command() + " stopped after " + result.executed() + " runs (" + result.records().size() + " of "
                    + plan.caseCount() + " done); finish it with: capsim " + command() + " --resume " + dir;
            if (common.json) {
                JsonObject doc = new JsonObject();
                doc.addProperty("command", command());
                doc.addProperty("complete", false);
                doc.addProperty("runsDone", result.records().size());
                doc.addProperty("runs", plan.caseCount());
                doc.addProperty("resultsDir", dir.toString());
                outW.println(JsonText.COMPACT.toJson(doc));
            } else {
                outW.println(msg);
            }
            outW.flush();
            return Main.EXIT_BROKE;
        }
        BatchAnalysis analysis = new BatchAnalysis(plan, result.records());
        if (!alreadyDone) BatchReport.writeAll(dir, analysis, loaded.firstResolved(), command(), commandLine);
        JsonObject summary = BatchReport.summaryJson(analysis, command());
        if (common.json) {
            summary.addProperty("runsExecuted", result.executed());
            summary.addProperty("runsResumed", result.resumed());
            summary.addProperty("wall.s", wallS);
            summary.addProperty("resultsDir", dir.toString());
            outW.println(JsonText.COMPACT.toJson(summary));
        } else {
            outW.print(human(analysis, result, dir, wallS, alreadyDone));
        }
        outW.flush();
        return analysis.brokeRuns() > 0 ? Main.EXIT_BROKE : Main.EXIT_OK;
    }

    /** The text on stdout after a finished batch. */
    abstract String human(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone);

    static String runsLine(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone) {
        return String.format(Locale.ROOT, "%n%,d runs (%,d now, %,d resumed), %,d broke; wall time %.1f s%nresults in %s%s%n",
                a.records().size(), r.executed(), r.resumed(), a.brokeRuns(), wallS, dir,
                alreadyDone ? " (already complete; nothing rewritten)" : "");
    }

    /** Every (point, variant) loaded up front: bad input is reported before anything runs or is written. */
    record Loaded(Experiment[] experiments, JsonObject firstResolved, String name, String hash) {
    }

    static Loaded loadAll(BatchPlan plan, Path cwd) {
        Path file = cwd.resolve(plan.experiment());
        List<BatchPlan.Point> points = plan.points();
        int variants = plan.variants().size();
        Experiment[] exps = new Experiment[points.size() * variants];
        JsonObject first = null;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (BatchPlan.Point p : points) {
            for (int v = 0; v < variants; v++) {
                Map<String, JsonElement> o = plan.overridesFor(v, p);
                ExperimentLoader.Loaded l;
                try {
                    l = Overrides.load(file, o);
                } catch (InputException e) {
                    throw new InputException(e.file(), e.path(), e.line(), e.problem() + " (at " + describe(plan, v, p) + ")");
                }
                exps[p.index() * variants + v] = l.experiment();
                JsonObject resolved = l.resolved();
                if (first == null) {
                    first = resolved.deepCopy();
                    first.addProperty("seed", plan.baseSeed());
                }
                sha.update(JsonText.COMPACT.toJson(resolved).getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Loaded(exps, first, exps[0].name(), HexFormat.of().formatHex(sha.digest()));
    }

    private static String describe(BatchPlan plan, int variant, BatchPlan.Point p) {
        StringBuilder sb = new StringBuilder();
        if (plan.variants().size() > 1) sb.append("variant ").append(plan.variants().get(variant).name()).append(", ");
        sb.append("point ").append(p.index());
        for (int k = 0; k < plan.axes().size(); k++) {
            sb.append(k == 0 ? ": " : ", ").append(plan.axes().get(k).label()).append('=').append(BatchAnalysis.text(p.values().get(k)));
        }
        return sb.toString();
    }

    /** The first replication's seed: --seed, else the experiment's. */
    long baseSeed(Path experiment, Map<String, JsonElement> setOverrides) {
        if (seed != null) return seed;
        return Overrides.load(experiment, setOverrides).experiment().seed();
    }

    String commandLine() {
        return Main.commandText(spec);
    }

    static JsonObject readPlanFile(Path dir) {
        Path p = dir.resolve(PLAN_FILE);
        try {
            return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new InputException(p.toString(), "", 0, "not a capsim results folder to resume (" + e.getMessage() + ")");
        }
    }

    /** A new folder {@code <label>-<timestamp>} (with -2, -3 ... if taken); never an existing one. */
    static Path newFolder(Path base, String label) throws IOException {
        Files.createDirectories(base);
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + LocalDateTime.now().format(STAMP);
        for (int i = 1; ; i++) {
            Path p = base.resolve(i == 1 ? safe : safe + "-" + i);
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                // taken: next
            }
        }
    }

    static void writeAtomically(Path p, String text) throws IOException {
        Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
        RunWriter.writeString(tmp, text);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static int replicationsOr(Integer given, int dflt) {
        int r = given != null ? given : dflt;
        if (r < 1) throw new InputException("--replications " + r, "", 0, "replications must be at least 1");
        return r;
    }
}
