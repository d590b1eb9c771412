package capsim.cli;

import capsim.analysis.BatchAnalysis;
import capsim.config.InputException;
import capsim.config.JsonText;
import capsim.experiment.Batch;
import capsim.experiment.BatchPlan;
import capsim.experiment.BatchRunner;
import capsim.report.BatchReport;
import capsim.report.BatchSummaryJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What sweep and compare share on the command line: the batch options, a {@link Batch} started
 * or resumed ({@code --resume DIR}) in its results folder, then its analysis, report files and
 * the text or JSON on stdout. The orchestration (plan file, journal, inputs hash, folder names)
 * is {@link Batch}'s.
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

    @Option(names = "--shard", paramLabel = "K/N", description = {"run only shard K of N (K from 0 to N-1; the split follows from the plan,",
        "balanced by each run's expected work) into a results folder of its own; N alone takes K from",
        "$JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or $SLURM_ARRAY_TASK_ID (Slurm job array).",
        "Exits 0 once its runs are in (broken runs are results); join the shards with --merge"})
    String shard;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*", description = "join the results folders of every shard of one batch into one results folder, as if one machine had run it")
    List<Path> merge;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr (a bar on a terminal, else a line per tenth done or per minute)")
    boolean quiet;

    @Option(names = "--stop-after", hidden = true, description = "stop after N runs (simulates an interruption; for tests)")
    int stopAfter;

    /** Where the plan's metrics were written when not by --metric (a sweep file's "metrics"); set by {@link #plan()}. */
    capsim.config.Origin metricsOrigin;

    /** "sweep" or "compare". */
    abstract String command();

    /** Builds the plan from the command line (not called with --resume). */
    abstract BatchPlan plan();

    /** Options that describe the plan and so cannot be combined with --resume. */
    abstract boolean planOptionsGiven();

    @Override
    public Integer call() throws IOException, InterruptedException {
        common.checkOut();
        if (jobs < 1) throw new InputException("--jobs " + jobs, "", 0, "--jobs must be at least 1");
        Batch batch;
        if (merge != null) {
            if (resume != null || shard != null || planOptionsGiven() || !common.sets.isEmpty() || replications != null || seed != null || !metrics.isEmpty()) {
                throw new InputException("--merge", "", 0, "with --merge give only the shards' folders, --out, --quiet and --json: the plan is in each shard's " + Batch.PLAN_FILE);
            }
            capsim.experiment.ShardMerge.Merged merged = capsim.experiment.ShardMerge.merge(merge);
            if (!merged.command().equals(command())) {
                throw new InputException("--merge", "", 0, "these are shards of a " + merged.command() + ": merge them with capsim "
                        + merged.command() + " --merge");
            }
            batch = Batch.startMerged(merged, common.out);
        } else if (resume != null) {
            if (shard != null) throw new InputException("--shard " + shard, "", 0, "a shard resumes with --resume DIR alone: its shard is in " + resume.resolve(Batch.PLAN_FILE));
            if (planOptionsGiven() || !common.sets.isEmpty() || replications != null || seed != null || !metrics.isEmpty()) {
                throw new InputException("--resume " + resume, "", 0, "with --resume give only --jobs, --quiet and --json: the plan is in "
                        + resume.resolve(Batch.PLAN_FILE));
            }
            batch = Batch.resume(command(), resume);
        } else {
            capsim.experiment.Shard sh = shard == null ? null : capsim.experiment.Shard.parse(shard, System.getenv());
            BatchPlan plan = plan();   // sets metricsOrigin
            batch = Batch.start(command(), plan, Path.of("").toAbsolutePath(), common.out, commandLine(), metricsOrigin, sh);
        }
        return finishBatch(batch);
    }

    private int finishBatch(Batch batch) throws IOException, InterruptedException {
        PrintWriter outW = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchPlan plan = batch.plan();
        Path dir = batch.dir();
        boolean alreadyDone = batch.finished();
        ProgressBar bar = alreadyDone ? null : ProgressBar.forStderr(err, quiet, "runs", "capsim " + command());
        String resumeWith = "capsim " + command() + " --resume " + dir;
        if (bar != null) {
            err.println("capsim " + command() + ": results in " + dir + " (if interrupted: " + resumeWith + ")");
            err.flush();
        }
        Interrupt.batch(err, bar, resumeWith);
        long t0 = System.nanoTime();
        BatchRunner.Result result;
        double heapMiB;
        try (HeapWatch heap = new HeapWatch()) {
            result = batch.run(jobs, bar, stopAfter);
            heapMiB = heap.peakMiB();
        }
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
        if (batch.shard() != null) return finishShard(batch, result, wallS, heapMiB);
        BatchAnalysis analysis = new BatchAnalysis(plan, result.records());
        if (!alreadyDone) BatchReport.writeAll(dir, analysis, batch.inputs().firstResolved(), command(), batch.commandLine());
        JsonObject summary = BatchSummaryJson.of(analysis, command());
        if (common.json) {
            summary.addProperty("runsExecuted", result.executed());
            summary.addProperty("runsResumed", result.resumed());
            summary.addProperty("wall.s", wallS);
            addHeap(summary, heapMiB);
            summary.addProperty("resultsDir", dir.toString());
            outW.println(JsonText.COMPACT.toJson(summary));
        } else {
            outW.print(human(analysis, result, dir, wallS, alreadyDone));
        }
        outW.flush();
        return analysis.brokeRuns() > 0 ? Main.EXIT_BROKE : Main.EXIT_OK;
    }

    /**
     * A shard whose runs are all in: it is marked done and says how to merge. It exits 0 even when
     * runs broke (they are results, and a batch engine would retry a failed task).
     */
    private int finishShard(Batch batch, BatchRunner.Result result, double wallS, double heapMiB) throws IOException {
        if (!batch.finished()) batch.markShardDone();
        PrintWriter outW = spec.commandLine().getOut();
        long broke = result.records().stream().filter(capsim.experiment.RunRecord::broke).count();
        if (common.json) {
            JsonObject doc = new JsonObject();
            doc.addProperty("command", command());
            doc.addProperty("complete", true);
            doc.addProperty("shard", batch.shard().index());
            doc.addProperty("shards", batch.shard().count());
            doc.addProperty("runs", result.records().size());
            doc.addProperty("runsExecuted", result.executed());
            doc.addProperty("runsResumed", result.resumed());
            doc.addProperty("broke", broke);
            doc.addProperty("wall.s", wallS);
            addHeap(doc, heapMiB);
            doc.addProperty("resultsDir", batch.dir().toString());
            outW.println(JsonText.COMPACT.toJson(doc));
        } else {
            outW.printf(Locale.ROOT, "%s of %s: %,d of the plan's %,d runs (%,d now, %,d resumed), %,d broke; wall time %.1f s%n"
                            + "results in %s%nwhen all %d shards are done: capsim %s --merge DIR...%n",
                    batch.shard().label(), batch.plan().experiment(), result.records().size(), batch.plan().caseCount(), result.executed(),
                    result.resumed(), broke, wallS, batch.dir(), batch.shard().count(), command());
        }
        outW.flush();
        return Main.EXIT_OK;
    }

    /** The runs in parallel and the peak live heap they took ({@link HeapWatch}; absent when no collection ran). */
    private void addHeap(JsonObject doc, double heapMiB) {
        doc.addProperty("jobs", jobs);
        if (!Double.isNaN(heapMiB)) doc.addProperty("heap.peakAfterGcMiB", Math.round(heapMiB * 10) / 10.0);
    }

    /** The text on stdout after a finished batch. */
    abstract String human(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone);

    static String runsLine(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone) {
        return String.format(Locale.ROOT, "%n%,d runs (%,d now, %,d resumed), %,d broke; wall time %.1f s%nresults in %s%s%n",
                a.records().size(), r.executed(), r.resumed(), a.brokeRuns(), wallS, dir,
                alreadyDone ? " (already complete; nothing rewritten)" : "");
    }

    /** The first replication's seed: --seed, else the experiment's. */
    long baseSeed(Path experiment, Map<String, JsonElement> setOverrides) {
        return baseSeed(experiment, setOverrides, Map.of());
    }

    long baseSeed(Path experiment, Map<String, JsonElement> setOverrides, Map<String, capsim.config.Origin> sources) {
        if (seed != null) return seed;
        return Batch.experimentSeed(experiment, setOverrides, sources);
    }

    String commandLine() {
        return Main.commandText(spec);
    }

    static int replicationsOr(Integer given, int dflt) {
        int r = given != null ? given : dflt;
        if (r < 1) throw new InputException("--replications " + r, "", 0, "replications must be at least 1");
        if (r > BatchPlan.MAX_REPLICATIONS) BatchPlan.checkQuotas(List.of(), 1, r, "--replications " + r, "", 0);
        return r;
    }
}
