package capsim.experiment;

import capsim.config.Origin;
import capsim.config.Overrides;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An experiment put together in memory: from an experiment file (read once, its model files
 * with it) or from scratch, then changed with the same vocabulary as the file and the command
 * line. {@link #build()} binds it with the same strict validation as {@link ExperimentLoader#load}
 * (the file's {@code overrides}, then the {@link #set} overrides, then the binder), so a
 * builder from a file with no changes gives the Experiment that loading the file gives, and a
 * search can build one experiment per trial without writing or re-reading any file.
 *
 * <pre>{@code
 * Experiment e = ExperimentBuilder.from(Path.of("experiments/quickstart.json"))
 *         .set("host", "models/hosts/x86-2s-2024.json").set("guest.disks", 4).seed(7).build();
 * }</pre>
 */
public final class ExperimentBuilder {
    private final JsonObject tree;
    private final Map<String, Origin> origins;
    private final String label;
    private final Path base;
    private final Map<String, JsonElement> sets;
    /** Where a {@link #set} override came from when not {@code --set} (a target, an axis): errors name it. */
    private final Map<String, Origin> sources = new HashMap<>();

    private ExperimentBuilder(JsonObject tree, Map<String, Origin> origins, String label, Path base, Map<String, JsonElement> sets) {
        this.tree = tree;
        this.origins = origins;
        this.label = label;
        this.base = base;
        this.sets = sets;
    }

    /** The experiment file as written, its host and stack model files read; errors name file, path and line. */
    public static ExperimentBuilder from(Path file) {
        ExperimentLoader.Parsed p = ExperimentLoader.read(file);
        return new ExperimentBuilder(p.tree(), new HashMap<>(p.origins()), p.label(), p.file(), new LinkedHashMap<>());
    }

    /**
     * An empty experiment called {@code name}; relative model paths are resolved from the working
     * directory. Give it at least a host, a stack and steps.
     */
    public static ExperimentBuilder create(String name) {
        JsonObject t = new JsonObject();
        t.addProperty("name", name);
        return new ExperimentBuilder(t, new HashMap<>(), "experiment " + name + " (built in memory)",
                Path.of("").toAbsolutePath().resolve(name + ".json"), new LinkedHashMap<>());
    }

    /** An independent copy: changes to either do not reach the other. */
    public ExperimentBuilder copy() {
        ExperimentBuilder b = new ExperimentBuilder(tree.deepCopy(), new HashMap<>(origins), label, base, new LinkedHashMap<>(sets));
        b.sources.putAll(sources);
        return b;
    }

    public ExperimentBuilder name(String name) {
        return put("name", new JsonPrimitive(name));
    }

    public ExperimentBuilder description(String description) {
        return put("description", new JsonPrimitive(description));
    }

    public ExperimentBuilder seed(long seed) {
        return put("seed", new JsonPrimitive(seed));
    }

    public ExperimentBuilder stopAtFirstBreak(boolean stop) {
        return put("stopAtFirstBreak", new JsonPrimitive(stop));
    }

    /** The host model file (resolved as an experiment file's {@code host} is). */
    public ExperimentBuilder host(Path file) {
        return model("host", file);
    }

    /** A host model given as its JSON tree. */
    public ExperimentBuilder host(JsonObject model) {
        return model("host", model);
    }

    /** The stack model file (resolved as an experiment file's {@code stack} is). */
    public ExperimentBuilder stack(Path file) {
        return model("stack", file);
    }

    /** A stack model given as its JSON tree. */
    public ExperimentBuilder stack(JsonObject model) {
        return model("stack", model);
    }

    /** The guest template, as an experiment file's {@code guest}. */
    public ExperimentBuilder guest(JsonObject guest) {
        return put("guest", guest.deepCopy());
    }

    /** Appends a step, as an experiment file's {@code steps} entries ({@code {"kind": "define", "count": 8}}). */
    public ExperimentBuilder step(JsonObject step) {
        JsonElement steps = tree.get("steps");
        if (steps == null || !steps.isJsonArray()) {
            steps = new JsonArray();
            tree.add("steps", steps);
        }
        steps.getAsJsonArray().add(step.deepCopy());
        return this;
    }

    /** An entry of the experiment's own {@code overrides}: applied first, as the file's are. */
    public ExperimentBuilder override(String path, JsonElement value) {
        JsonElement o = tree.get("overrides");
        if (o == null || !o.isJsonObject()) {
            o = new JsonObject();
            tree.add("overrides", o);
        }
        o.getAsJsonObject().remove(path);
        o.getAsJsonObject().add(path, value.deepCopy());
        return this;
    }

    public ExperimentBuilder override(String path, Number value) {
        return override(path, new JsonPrimitive(value));
    }

    /**
     * An override as {@code --set PATH=VALUE} gives it, applied after the experiment's own; a later
     * one on the same path wins. {@code host} or {@code stack} with a string switches model files.
     */
    public ExperimentBuilder set(String path, JsonElement value) {
        Overrides.put(sets, path, value);
        sources.remove(path);
        return this;
    }

    /** A {@link #set} override from {@code from} (a {@code --target}, a sweep file's axis): its errors name that place. */
    public ExperimentBuilder set(String path, JsonElement value, Origin from) {
        set(path, value);
        sources.put(path, from);
        return this;
    }

    public ExperimentBuilder set(String path, Number value) {
        return set(path, new JsonPrimitive(value));
    }

    public ExperimentBuilder set(String path, String value) {
        return set(path, new JsonPrimitive(value));
    }

    public ExperimentBuilder set(String path, boolean value) {
        return set(path, new JsonPrimitive(value));
    }

    /** Several {@link #set} overrides, in the map's order. */
    public ExperimentBuilder set(Map<String, JsonElement> overrides) {
        overrides.forEach(this::set);
        return this;
    }

    /** The bound experiment, validated as a file is: any problem is an InputException. */
    public Experiment build() {
        return loaded().experiment();
    }

    /** The bound experiment with the resolved tree it was bound from (what a results folder records). */
    public ExperimentLoader.Loaded loaded() {
        return ExperimentLoader.resolve(new ExperimentLoader.Parsed(tree, origins, label, base), sets, sources);
    }

    private ExperimentBuilder put(String key, JsonElement value) {
        tree.add(key, value);
        forget(key);
        return this;
    }

    private ExperimentBuilder model(String key, Path file) {
        ExperimentLoader.switchModel(tree, origins, base, key, file.toString(), label, key, 0);
        return this;
    }

    private ExperimentBuilder model(String key, JsonObject model) {
        tree.add(key, model.deepCopy());
        tree.addProperty(key + "File", "");
        forget(key);
        return this;
    }

    /** What was at {@code key} no longer comes from a file line. */
    private void forget(String key) {
        origins.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["));
    }
}
