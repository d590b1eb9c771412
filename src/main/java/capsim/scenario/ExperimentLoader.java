package capsim.scenario;

import capsim.config.Binder;
import capsim.model.common.StepCheck;
import capsim.config.InputException;
import capsim.config.JsonPaths;
import capsim.config.Origin;
import capsim.config.PositionedJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an experiment file: parses it strictly, loads its host and stack model files in place
 * of their paths, applies the file's {@code overrides} and then the command line's
 * ({@code --set PATH=VALUE}), and binds the result. Any problem is an {@link InputException}
 * naming file, path and line.
 */
public final class ExperimentLoader {

    /** An experiment ready to run, with the resolved JSON tree it was bound from. */
    public record Loaded(Experiment experiment, JsonObject resolved, Path file) {
    }

    private ExperimentLoader() {
    }

    public static Loaded load(Path file, List<String> setOverrides) {
        Map<String, JsonElement> parsed = new LinkedHashMap<>();
        for (String s : setOverrides) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new InputException("--set " + s, "", 0, "expected PATH=VALUE");
            parsed.put(s.substring(0, eq).trim(), parseValue(s.substring(eq + 1)));
        }
        return load(file, parsed);
    }

    /** Loads with overrides given as (path → JSON value). */
    public static Loaded load(Path file, Map<String, JsonElement> setOverrides) {
        PositionedJson doc = PositionedJson.read(file);
        if (!doc.root().isJsonObject()) {
            throw new InputException(doc.file(), "(root)", doc.line(""), "expected a JSON object");
        }
        JsonObject tree = doc.root().getAsJsonObject().deepCopy();
        Map<String, Origin> origins = new HashMap<>(doc.origins(""));

        String hostFile = modelPath(tree, "host", doc);
        String stackFile = modelPath(tree, "stack", doc);
        PositionedJson host = PositionedJson.read(resolve(file, hostFile, doc, "host"));
        PositionedJson stack = PositionedJson.read(resolve(file, stackFile, doc, "stack"));
        tree.add("host", host.root());
        tree.add("stack", stack.root());
        tree.addProperty("hostFile", hostFile);
        tree.addProperty("stackFile", stackFile);
        origins.putAll(host.origins("host"));
        origins.putAll(stack.origins("stack"));

        JsonElement fileOverrides = tree.get("overrides");
        if (fileOverrides != null && fileOverrides.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : fileOverrides.getAsJsonObject().entrySet()) {
                String at = JsonPaths.child("overrides", e.getKey());
                apply(tree, e.getKey(), e.getValue(), origins, origins.get(at), doc.file(), at, doc.line(at));
            }
        }
        for (Map.Entry<String, JsonElement> e : setOverrides.entrySet()) {
            String text = e.getKey() + "=" + e.getValue();
            apply(tree, e.getKey(), e.getValue(), origins, Origin.override(text), "--set " + text, "", 0);
        }
        Experiment exp = StepKinds.binder(origins, doc.file()).bind(tree, Experiment.class);
        checkSteps(exp, origins, doc.file());
        return new Loaded(exp, tree, file);
    }

    private static void apply(JsonObject tree, String path, JsonElement value, Map<String, Origin> origins,
                              Origin origin, String errFile, String errPath, int errLine) {
        if (path.startsWith("overrides") || path.equals("hostFile") || path.equals("stackFile")) {
            throw new InputException(errFile, errPath, errLine, "cannot override \"" + path + "\"");
        }
        try {
            List<Object> parts = JsonPaths.parse(path);
            JsonElement parent = parts.size() == 1 ? tree : JsonPaths.get(tree, parentPath(path));
            if (parent == null) {
                throw new InputException(errFile, errPath, errLine, "override path \"" + path + "\" does not exist"
                        + closestPath(tree, path));
            }
            JsonPaths.set(tree, path, value.deepCopy());
        } catch (IllegalArgumentException iae) {
            throw new InputException(errFile, errPath, errLine, "bad override path \"" + path + "\": " + iae.getMessage());
        }
        // the overridden value and anything below it now come from the override
        origins.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + ".") || k.startsWith(path + "["));
        if (origin != null) origins.put(path, origin);
    }

    /** Each step checks what binding alone cannot, against the steps before it; errors name the step's key. */
    private static void checkSteps(Experiment exp, Map<String, Origin> origins, String file) {
        int[] at = {0};
        StepCheck check = new StepCheck((key, problem) -> {
            String path = "steps[" + at[0] + "]." + key;
            Origin o = origins.getOrDefault(path, new Origin(file, 0));
            return new InputException(o.file(), path, o.line(), problem);
        });
        for (; at[0] < exp.steps().size(); at[0]++) exp.steps().get(at[0]).check(check);
    }

    private static String parentPath(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return path.substring(0, cut);
    }

    private static String closestPath(JsonObject tree, String path) {
        List<String> all = new ArrayList<>();
        collectPaths(tree, "", all);
        return Binder.suggestion(path, all);
    }

    private static void collectPaths(JsonElement e, String prefix, List<String> out) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                String p = JsonPaths.child(prefix, m.getKey());
                out.add(p);
                collectPaths(m.getValue(), p, out);
            }
        } else if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                String p = JsonPaths.index(prefix, i);
                out.add(p);
                collectPaths(e.getAsJsonArray().get(i), p, out);
            }
        }
    }

    private static String modelPath(JsonObject tree, String key, PositionedJson doc) {
        JsonElement e = tree.get(key);
        if (e == null) {
            throw new InputException(doc.file(), "(root)", doc.line(""), "missing required key \"" + key
                    + "\" (path of the " + key + " model file, e.g. \"models/" + key + "s/....json\")");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new InputException(doc.file(), key, doc.line(key), "expected the path of a " + key + " model file");
        }
        return e.getAsString();
    }

    private static Path resolve(Path experimentFile, String given, PositionedJson doc, String key) {
        Path p = Path.of(given);
        if (Files.exists(p)) return p;
        Path dir = experimentFile.toAbsolutePath().getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(given);
            if (Files.exists(candidate)) return candidate;
        }
        throw new InputException(doc.file(), key, doc.line(key), key + " model file not found: " + given);
    }

    /** A --set value: JSON if it parses as JSON, else a plain string. */
    public static JsonElement parseValue(String text) {
        String t = text.trim();
        try {
            JsonElement e = JsonParser.parseString(t);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && !t.startsWith("\"")) {
                return new JsonPrimitive(t);
            }
            return e;
        } catch (JsonSyntaxException ex) {
            return new JsonPrimitive(t);
        }
    }
}
