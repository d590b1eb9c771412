package capsim.experiment;

import capsim.config.InputException;
import capsim.config.JsonText;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A sweep or a comparison in a results folder that can be resumed. The folder is created under
 * its final name with {@value #PLAN_FILE} (the plan, the working directory, the command line and
 * an {@link InputsHash} of every resolved input) and {@value #JOURNAL} (one line per finished
 * run, see {@link BatchJournal}). The results files are written when every run is in; a folder
 * without {@code summary.json} is unfinished and {@link #resume} finishes it, running only the
 * missing runs, after checking that no input changed.
 */
public final class Batch {
    public static final String PLAN_FILE = "batch.json";
    public static final String JOURNAL = "journal.jsonl";
    /** The file whose presence marks a finished batch folder. */
    public static final String DONE_FILE = "summary.json";

    /** Every (point, variant) loaded up front: bad input is reported before anything runs or is written. */
    public record Inputs(Experiment[] experiments, JsonObject firstResolved, String name, String hash) {
    }

    private final String command;
    private final BatchPlan plan;
    private final Inputs inputs;
    private final Path dir;
    private final String commandLine;
    private final Shard shard;   // null: the whole batch on this machine
    private final java.util.BitSet runs;   // the shard's runs, or null for all

    /** The file a shard writes when all its runs are in (a shard writes no summary: the merge does). */
    public static final String SHARD_DONE_FILE = "shard.json";

    private Batch(String command, BatchPlan plan, Inputs inputs, Path dir, String commandLine, Shard shard) {
        this.command = command;
        this.plan = plan;
        this.inputs = inputs;
        this.dir = dir;
        this.commandLine = commandLine;
        this.shard = shard;
        this.runs = shard == null ? null : shard.runs(plan, inputs.experiments());
    }

    /**
     * Loads every input of {@code plan} (relative paths from {@code cwd}), creates a new results
     * folder {@code <experiment>-<command>-<timestamp>} under {@code outBase} and records the plan in it.
     */
    public static Batch start(String command, BatchPlan plan, Path cwd, Path outBase, String commandLine) throws IOException {
        return start(command, plan, cwd, outBase, commandLine, null, null);
    }

    /**
     * As {@link #start(String, BatchPlan, Path, Path, String)}, running only {@code shard}'s runs (null: all);
     * {@code metricsFrom} is where the plan's metrics were written (null: --metric).
     */
    public static Batch start(String command, BatchPlan plan, Path cwd, Path outBase, String commandLine, capsim.config.Origin metricsFrom,
                              Shard shard) throws IOException {
        Inputs inputs = loadAll(plan, cwd);
        // each variant at the first point: what their host systems report names most metrics
        MetricNames.check(plan.metrics(), java.util.Arrays.asList(inputs.experiments()).subList(0, plan.variants().size()), metricsFrom);
        String label = ResultsFolders.label(inputs.name(), command) + (shard == null ? "" : "-shard" + shard.index() + "of" + shard.count());
        if (shard != null) {
            // a batch engine retries a killed task with the same command: it goes on with its folder
            Path earlier = earlierShard(outBase, label, command, plan, inputs.hash(), shard);
            if (earlier != null) return new Batch(command, plan, inputs, earlier, readPlanFile(earlier).get("commandLine").getAsString(), shard);
        }
        Path dir = ResultsFolders.createNew(outBase, label);
        writePlanFile(dir, command, cwd, commandLine, inputs.hash(), plan, shard);
        return new Batch(command, plan, inputs, dir, commandLine, shard);
    }

    /**
     * A new results folder holding the runs of every shard of a plan ({@link ShardMerge}): the plan
     * file and the journal a one-machine batch would have, so it is finished like one.
     */
    public static Batch startMerged(ShardMerge.Merged m, Path outBase) throws IOException {
        Path dir = ResultsFolders.createNew(outBase, ResultsFolders.label(m.inputs().name(), m.command()));
        StringBuilder journal = new StringBuilder();
        for (RunRecord r : m.records()) journal.append(BatchJournal.line(r));
        writeAtomically(dir.resolve(JOURNAL), journal.toString());
        writePlanFile(dir, m.command(), m.cwd(), m.commandLine(), m.inputs().hash(), m.plan(), null);
        return new Batch(m.command(), m.plan(), m.inputs(), dir, m.commandLine(), null);
    }

    /** The results folder under {@code outBase} of the same shard of the same plan and inputs, if one was started; else null. */
    private static Path earlierShard(Path outBase, String label, String command, BatchPlan plan, String hash, Shard shard) throws IOException {
        if (!Files.isDirectory(outBase)) return null;
        String prefix = ResultsFolders.prefix(label);
        String planText = JsonText.COMPACT.toJson(plan.toJson());
        try (var dirs = Files.list(outBase)) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                if (!d.getFileName().toString().startsWith(prefix) || !Files.isRegularFile(d.resolve(PLAN_FILE))) continue;
                JsonObject saved;
                try {
                    saved = readPlanFile(d);
                } catch (InputException e) {
                    continue;   // not a folder this shard wrote
                }
                JsonElement c = saved.get("capsim"), h = saved.get("inputsHash"), pl = saved.get("plan");
                if (c == null || h == null || pl == null || !c.isJsonPrimitive() || !h.isJsonPrimitive()) continue;
                Shard other;
                try {
                    other = shardOf(saved, d.toString());
                } catch (InputException e) {
                    continue;
                }
                if (shard.equals(other) && c.getAsString().equals(command) && h.getAsString().equals(hash)
                        && JsonText.COMPACT.toJson(pl).equals(planText)) {
                    return d;
                }
            }
        }
        return null;
    }

    private static void writePlanFile(Path dir, String command, Path cwd, String commandLine, String hash, BatchPlan plan, Shard shard) throws IOException {
        JsonObject saved = new JsonObject();
        saved.addProperty("capsim", command);
        saved.addProperty("cwd", cwd.toString());
        saved.addProperty("commandLine", commandLine);
        saved.addProperty("inputsHash", hash);
        saved.add("plan", plan.toJson());
        if (shard != null) {
            JsonObject sh = new JsonObject();
            sh.addProperty("index", shard.index());
            sh.addProperty("count", shard.count());
            saved.add("shard", sh);
        }
        writeAtomically(dir.resolve(PLAN_FILE), JsonText.PRETTY.toJson(saved) + "\n");
    }

    /** Reopens the batch recorded in {@code dir}; refuses when an experiment or model file changed since it started. */
    public static Batch resume(String command, Path dir) {
        JsonObject saved = readPlanFile(dir);
        String planFile = dir.resolve(PLAN_FILE).toString();
        for (String key : List.of("plan", "cwd", "inputsHash")) {
            JsonElement v = saved.get(key);
            boolean ok = v != null && (key.equals("plan") ? v.isJsonObject() : v.isJsonPrimitive() && v.getAsJsonPrimitive().isString());
            if (!ok) throw new InputException(planFile, key, 0, "not a capsim results folder to resume: " + (v == null ? "no" : "a bad") + " \"" + key + "\"");
        }
        BatchPlan plan = BatchPlan.fromJson(saved.getAsJsonObject("plan"), planFile);
        Path cwd = Path.of(saved.get("cwd").getAsString());
        Inputs inputs = loadAll(plan, cwd);
        if (!inputs.hash().equals(saved.get("inputsHash").getAsString())) {
            throw new InputException(dir.resolve(PLAN_FILE).toString(), "inputsHash", 0,
                    "the experiment or its model files changed since this " + command
                            + " started; results would mix two models. Start a new " + command + ".");
        }
        return new Batch(command, plan, inputs, dir, saved.get("commandLine").getAsString(), shardOf(saved, planFile));
    }

    /** The shard a plan file records, or null for a whole batch. */
    static Shard shardOf(JsonObject saved, String planFile) {
        JsonElement sh = saved.get("shard");
        if (sh == null) return null;
        try {
            JsonObject o = sh.getAsJsonObject();
            return new Shard(o.get("index").getAsInt(), o.get("count").getAsInt());
        } catch (RuntimeException e) {
            throw new InputException(planFile, "shard", 0, "not a capsim shard: \"shard\" must be {\"index\": K, \"count\": N} with 0 <= K < N");
        }
    }

    /** The shard this batch runs, or null when it runs every run of its plan. */
    public Shard shard() {
        return shard;
    }

    /** How many runs this batch (or shard) holds when it is done. */
    public int runCount() {
        return runs == null ? plan.caseCount() : runs.cardinality();
    }

    /** Marks a shard whose runs are all in: what {@code --merge} and a later resume look for. */
    public void markShardDone() throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("index", shard.index());
        o.addProperty("count", shard.count());
        o.addProperty("runs", runCount());
        o.addProperty("inputsHash", inputs.hash());
        writeAtomically(dir.resolve(SHARD_DONE_FILE), JsonText.PRETTY.toJson(o) + "\n");
    }

    public BatchPlan plan() {
        return plan;
    }

    public Inputs inputs() {
        return inputs;
    }

    public Path dir() {
        return dir;
    }

    /** The command line that started the batch (the recorded one after a resume). */
    public String commandLine() {
        return commandLine;
    }

    /** True when the results files are written: nothing is left to run or write. */
    public boolean finished() {
        return Files.exists(dir.resolve(shard == null ? DONE_FILE : SHARD_DONE_FILE));
    }

    /** Runs what the journal does not hold yet; see {@link BatchRunner}. */
    public BatchRunner.Result run(int jobs, BatchRunner.Progress progress, int stopAfter) throws IOException, InterruptedException {
        return new BatchRunner(plan, inputs.experiments(), runs, dir.resolve(JOURNAL), jobs, progress, stopAfter).run();
    }

    /** The first replication's seed when none is given: the experiment's, with the overrides applied. */
    public static long experimentSeed(Path experiment, Map<String, JsonElement> setOverrides) {
        return experimentSeed(experiment, setOverrides, Map.of());
    }

    /** As {@link #experimentSeed(Path, Map)}, with where each override was given (errors name it). */
    public static long experimentSeed(Path experiment, Map<String, JsonElement> setOverrides, Map<String, capsim.config.Origin> sources) {
        return ExperimentLoader.resolve(ExperimentLoader.read(experiment), setOverrides, sources).experiment().seed();
    }

    static Inputs loadAll(BatchPlan plan, Path cwd) {
        Path file = cwd.resolve(plan.experiment());
        List<BatchPlan.Point> points = plan.points();
        int variants = plan.variants().size();
        Experiment[] exps = new Experiment[points.size() * variants];
        JsonObject first = null;
        InputsHash hash = new InputsHash();
        ExperimentLoader.Parsed parsed = ExperimentLoader.read(file);
        for (BatchPlan.Point p : points) {
            for (int v = 0; v < variants; v++) {
                Map<String, JsonElement> o = plan.overridesFor(v, p);
                ExperimentLoader.Loaded l;
                try {
                    l = ExperimentLoader.resolve(parsed, o, plan.sourcesFor(v));
                } catch (InputException e) {
                    throw new InputException(e.file(), e.path(), e.line(), e.problem() + " (at " + describe(plan, v, p) + ")");
                }
                exps[p.index() * variants + v] = l.experiment();
                JsonObject resolved = l.resolved();
                if (first == null) {
                    first = resolved.deepCopy();
                    first.addProperty("seed", plan.baseSeed());
                }
                hash.add(resolved);
            }
        }
        return new Inputs(exps, first, exps[0].name(), hash.hex());
    }

    private static String describe(BatchPlan plan, int variant, BatchPlan.Point p) {
        StringBuilder sb = new StringBuilder();
        if (plan.variants().size() > 1) sb.append("variant ").append(plan.variants().get(variant).name()).append(", ");
        sb.append("point ").append(p.index());
        for (int k = 0; k < plan.axes().size(); k++) {
            sb.append(k == 0 ? ": " : ", ").append(plan.axes().get(k).label()).append('=').append(Axis.text(p.values().get(k)));
        }
        return sb.toString();
    }

    static JsonObject readPlanFile(Path dir) {
        Path p = dir.resolve(PLAN_FILE);
        if (!Files.isRegularFile(p)) {
            throw new InputException(p.toString(), "", 0, "not a capsim results folder (a sweep, compare or shard): no " + PLAN_FILE);
        }
        // strict, positioned parsing: a damaged plan is one line with its line number, and it is only read
        var doc = capsim.config.PositionedJson.read(p);
        if (!doc.root().isJsonObject()) {
            throw new InputException(p.toString(), "", 1, "not a capsim results folder: the plan is not a JSON object");
        }
        return doc.root().getAsJsonObject();
    }

    static void writeAtomically(Path p, String text) throws IOException {
        Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
