package capsim.experiment;

import capsim.config.InputException;
import capsim.config.JsonText;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts the shards of one batch back together. Every folder must be a finished shard of the same
 * plan (the same plan, the same inputs hash, the same shard count), every shard index must be
 * there exactly once, and each journal must hold exactly its shard's runs; any other case is bad
 * input naming the shard and the problem, and nothing is merged. Nothing in the shards is changed.
 */
public final class ShardMerge {
    private ShardMerge() {
    }

    /** Every run of the plan, in case order, with what a results folder of the whole batch records. */
    public record Merged(String command, BatchPlan plan, Batch.Inputs inputs, Path cwd, String commandLine, List<RunRecord> records) {
    }

    private record Found(Path dir, JsonObject saved, Shard shard) {
    }

    public static Merged merge(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) throw new InputException("--merge", "", 0, "give the results folders of every shard");
        List<Found> found = new ArrayList<>();
        for (Path d : dirs) {
            JsonObject saved = Batch.readPlanFile(d);
            String planFile = d.resolve(Batch.PLAN_FILE).toString();
            for (String key : List.of("capsim", "cwd", "commandLine", "inputsHash")) {
                if (!saved.has(key) || !saved.get(key).isJsonPrimitive()) {
                    throw new InputException(planFile, key, 0, "not a capsim shard: no \"" + key + "\"");
                }
            }
            if (!saved.has("plan") || !saved.get("plan").isJsonObject()) throw new InputException(planFile, "plan", 0, "not a capsim shard: no \"plan\"");
            Shard shard = Batch.shardOf(saved, planFile);
            if (shard == null) {
                throw new InputException(planFile, "shard", 0, "not a shard (a whole batch: it needs no merge)");
            }
            found.add(new Found(d, saved, shard));
        }
        Found first = found.get(0);
        String planFile0 = first.dir().resolve(Batch.PLAN_FILE).toString();
        String planText = JsonText.COMPACT.toJson(first.saved().get("plan"));
        String hash = first.saved().get("inputsHash").getAsString();
        String command = first.saved().get("capsim").getAsString();
        int count = first.shard().count();
        TreeMap<Integer, Found> byIndex = new TreeMap<>();
        for (Found f : found) {
            String where = f.dir().resolve(Batch.PLAN_FILE).toString();
            String name = f.shard().label() + " (" + f.dir() + ")";
            if (!f.saved().get("capsim").getAsString().equals(command)) {
                throw new InputException(where, "capsim", 0, name + " is a " + f.saved().get("capsim").getAsString() + ", " + first.shard().label() + " a " + command);
            }
            if (!JsonText.COMPACT.toJson(f.saved().get("plan")).equals(planText)) {
                throw new InputException(where, "plan", 0, name + " belongs to another plan than " + first.shard().label() + " (" + first.dir() + ")");
            }
            if (!f.saved().get("inputsHash").getAsString().equals(hash)) {
                throw new InputException(where, "inputsHash", 0, name + " ran on other inputs (experiment or model files) than " + first.shard().label());
            }
            if (f.shard().count() != count) {
                throw new InputException(where, "shard.count", 0, name + " is one of " + f.shard().count() + " shards, " + first.shard().label() + " one of " + count);
            }
            Found twice = byIndex.put(f.shard().index(), f);
            if (twice != null) {
                throw new InputException(where, "shard.index", 0, f.shard().label() + " is given twice: " + twice.dir() + " and " + f.dir());
            }
        }
        if (byIndex.size() < count) {
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < count && missing.size() < 20; k++) if (!byIndex.containsKey(k)) missing.add(Integer.toString(k));
            int n = count - byIndex.size();
            throw new InputException("--merge", "", 0, n + " of " + count + " shards missing: "
                    + (n > missing.size() ? String.join(", ", missing) + ", ..." : String.join(", ", missing)));
        }
        BatchPlan plan = BatchPlan.fromJson(first.saved().getAsJsonObject("plan"), planFile0);
        Path cwd = Path.of(first.saved().get("cwd").getAsString());
        Batch.Inputs inputs = Batch.loadAll(plan, cwd);
        if (!inputs.hash().equals(hash)) {
            throw new InputException(planFile0, "inputsHash", 0, "the experiment or its model files changed since the shards ran; results would mix two models");
        }
        int[] owner = Shard.assign(plan, inputs.experiments(), count);
        List<RunRecord> records = new ArrayList<>(plan.caseCount());
        for (Found f : byIndex.values()) {
            BitSet mine = Shard.runsOf(owner, f.shard().index());
            Path journal = f.dir().resolve(Batch.JOURNAL);
            List<RunRecord> got = BatchJournal.readFinished(journal, plan.caseCount(), mine);
            for (RunRecord r : got) {
                BatchPlan.Case c = plan.caseAt(r.index());
                if (r.point() != c.point() || r.variant() != c.variant() || r.replication() != c.replication() || r.seed() != c.seed()) {
                    throw new InputException(journal.toString(), "", 0, f.shard().label() + ": run " + r.index() + " records point " + r.point()
                            + ", variant " + r.variant() + ", replication " + r.replication() + ", seed " + r.seed() + ", not the plan's");
                }
            }
            if (got.size() < mine.cardinality() || !Files.exists(f.dir().resolve(Batch.SHARD_DONE_FILE))) {
                throw new InputException(f.dir().toString(), "", 0, f.shard().label() + " is unfinished (" + got.size() + " of "
                        + mine.cardinality() + " runs): finish it with capsim " + command + " --resume " + f.dir());
            }
            records.addAll(got);
        }
        records.sort(Comparator.comparingInt(RunRecord::index));
        return new Merged(command, plan, inputs, cwd, withoutShard(first.saved().get("commandLine").getAsString()), List.copyOf(records));
    }

    /** The command line of a shard without its {@code --shard} option: the one-machine command. */
    static String withoutShard(String commandLine) {
        return commandLine.replaceAll(" --shard(=| )\\S+", "");
    }
}
