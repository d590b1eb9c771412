package capsim.scenario;

import capsim.config.Binder;
import capsim.model.common.StepCheck;
import capsim.config.InputException;
import capsim.config.JsonPaths;
import capsim.config.Origin;
import capsim.config.PositionedJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an experiment file: parses it strictly, loads its host and stack model files in place
 * of their paths ({@link #read}), applies the file's {@code overrides} and then the command
 * line's ({@code --set PATH=VALUE}; {@code host=FILE} and {@code stack=FILE} switch model files),
 * fills the stack's version-dependent numbers it does not write from the facts tables by its
 * versions ({@link ModelFacts}), and binds the result ({@link #resolve}). Any problem is an {@link InputException}
 * naming file, path and line.
 */
public final class ExperimentLoader {

    /** An experiment ready to run, with the resolved JSON tree it was bound from. */
    public record Loaded(Experiment experiment, JsonObject resolved, Path file) {
    }

    /**
     * An experiment as written with its host and stack model files read in place of their paths,
     * before any override: what {@link #resolve} applies the overrides to and binds. {@code file}
     * is where relative model paths are resolved from (the experiment file, or a file beside
     * which an experiment built in memory lives).
     */
    public record Parsed(JsonObject tree, Map<String, Origin> origins, String label, Path file) {
        public Parsed {
            tree = tree.deepCopy();
            origins = Map.copyOf(origins);
        }
    }

    private ExperimentLoader() {
    }

    /** Loads with overrides given as (path → JSON value), applied after the file's own. */
    public static Loaded load(Path file, Map<String, JsonElement> setOverrides) {
        return resolve(read(file), setOverrides);
    }

    /** Parses an experiment file strictly and reads its host and stack model files. */
    public static Parsed read(Path file) {
        PositionedJson doc = PositionedJson.read(file);
        if (!doc.root().isJsonObject()) {
            throw new InputException(doc.file(), "(root)", doc.line(""), "expected a JSON object");
        }
        JsonObject tree = doc.root().getAsJsonObject().deepCopy();
        Map<String, Origin> origins = new HashMap<>(doc.origins(""));
        for (String key : MODELS) {
            switchModel(tree, origins, file, key, modelPath(tree, key, doc), doc.file(), key, doc.line(key));
        }
        return new Parsed(tree, origins, doc.file(), file);
    }

    /**
     * Applies the experiment's own {@code overrides}, then {@code setOverrides} (model-file
     * switches first, so that the other overrides apply to the switched model), and binds.
     */
    public static Loaded resolve(Parsed parsed, Map<String, JsonElement> setOverrides) {
        return resolve(parsed, setOverrides, Map.of());
    }

    /**
     * As {@link #resolve(Parsed, Map)}, with where each override came from ({@code sources}, by
     * path: a sweep file's axis, {@code --target}, a variant file), so that an error names that
     * place; an override without a source is reported as {@code --set PATH=VALUE}.
     */
    public static Loaded resolve(Parsed parsed, Map<String, JsonElement> setOverrides, Map<String, Origin> sources) {
        JsonObject tree = parsed.tree().deepCopy();
        Map<String, Origin> origins = new HashMap<>(parsed.origins());
        String label = parsed.label();
        JsonElement fileOverrides = tree.get("overrides");
        if (fileOverrides != null && fileOverrides.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : fileOverrides.getAsJsonObject().entrySet()) {
                String at = JsonPaths.child("overrides", e.getKey());
                Origin o = origins.get(at);
                apply(tree, parsed.file(), e.getKey(), e.getValue(), origins, o, new Origin(label, o == null ? 0 : o.line()), at);
            }
        }
        List<Map.Entry<String, JsonElement>> sets = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : setOverrides.entrySet()) if (isSwitch(e.getKey(), e.getValue())) sets.add(e);
        for (Map.Entry<String, JsonElement> e : setOverrides.entrySet()) if (!isSwitch(e.getKey(), e.getValue())) sets.add(e);
        for (Map.Entry<String, JsonElement> e : sets) {
            String text = e.getKey() + "=" + (isSwitch(e.getKey(), e.getValue()) ? e.getValue().getAsString() : e.getValue());
            Origin from = sources.getOrDefault(e.getKey(), Origin.override(text));
            apply(tree, parsed.file(), e.getKey(), e.getValue(), origins, from, from, "");
        }
        readDomainXml(tree, "guest", origins, parsed.file(), label);
        if (tree.get("profiles") instanceof JsonObject profiles) {
            for (String name : profiles.keySet()) readDomainXml(profiles, name, "profiles." + name, origins, parsed.file(), label);
        }
        ModelFacts.fill(tree, origins, parsed.file());
        Experiment exp = StepKinds.binder(origins, label).bind(tree, Experiment.class);
        checkSteps(exp, origins, label);
        checkModel(exp, origins, label);
        return new Loaded(exp, tree, parsed.file());
    }

    private static final String[] MODELS = {"host", "stack"};

    /**
     * A guest given as {@code {"domainXml": FILE, ...}}: the fields the domain XML says fill the
     * keys the guest does not write (in the file or by an override), each with its line in the XML
     * as its origin. After the overrides, so that {@code --set guest.domainXml=…} reads another
     * file and {@code --set guest.vcpus=8} wins over the XML.
     */
    private static void readDomainXml(JsonObject tree, String key, Map<String, Origin> origins, Path referrer, String label) {
        readDomainXml(tree, key, key, origins, referrer, label);
    }

    /** The guest under {@code parent.key}, whose JSON path is {@code path} (guest, or profiles.NAME). */
    private static void readDomainXml(JsonObject holder, String key, String path, Map<String, Origin> origins, Path referrer, String label) {
        if (!(holder.get(key) instanceof JsonObject guest) || !(guest.get("domainXml") instanceof JsonPrimitive p) || !p.isString()
                || p.getAsString().isEmpty()) {
            return;
        }
        String given = p.getAsString();
        Origin at = origins.getOrDefault(path + ".domainXml", origins.getOrDefault(path, new Origin(label, 0)));
        Path beside = referrer.toAbsolutePath().getParent().resolve(given);
        Path file = Files.exists(beside) ? beside : Path.of(given);
        if (!Files.exists(file)) {
            throw new InputException(at.file(), path + ".domainXml", at.line(), "domain XML file not found: " + given
                    + " (looked beside " + referrer + " and in the working directory)");
        }
        // named as the experiment file is, so a message and a source are the same from any folder
        Path parent = Path.of(label).getParent();
        String xmlLabel = file == beside ? (parent == null ? Path.of(given) : parent.resolve(given)).normalize().toString() : given;
        DomainXml.Guest xml = DomainXml.read(file, xmlLabel);
        for (Map.Entry<String, JsonElement> e : xml.fields().entrySet()) {
            if (guest.has(e.getKey())) continue;
            guest.add(e.getKey(), e.getValue());
            origins.put(path + "." + e.getKey(), new Origin(xmlLabel, xml.lines().get(e.getKey())));
        }
    }

    /** True for {@code host=FILE} or {@code stack=FILE}: a model file in place of the loaded one. */
    private static boolean isSwitch(String path, JsonElement value) {
        return (path.equals("host") || path.equals("stack")) && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    /**
     * Reads the model file {@code given} names (resolved by {@link ModelFiles} from {@code referrer})
     * into {@code tree} at {@code key}, records the name as given at {@code keyFile}, and takes the
     * model's lines as the origins of everything below {@code key}.
     */
    public static void switchModel(JsonObject tree, Map<String, Origin> origins, Path referrer, String key, String given,
                                   String errFile, String errPath, int errLine) {
        if (given.isBlank() || given.indexOf('\0') >= 0) {
            throw new InputException(errFile, errPath, errLine, key + " names no model file: \"" + given.replace('\0', '?') + "\"");
        }
        Path found = ModelFiles.find(referrer, given)
                .orElseThrow(() -> new InputException(errFile, errPath, errLine, key + " model file not found: " + given));
        if (!java.nio.file.Files.isRegularFile(found)) {
            throw new InputException(errFile, errPath, errLine, key + " model file " + given + " is " + (java.nio.file.Files.isDirectory(found) ? "a folder" : "not a regular file"));
        }
        PositionedJson model = PositionedJson.read(found);
        tree.add(key, model.root());
        tree.addProperty(key + "File", given);
        origins.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["));
        origins.putAll(model.origins(key));
    }

    /** Applies one override; its problems are reported at {@code errAt} (and {@code errPath} there). */
    private static void apply(JsonObject tree, Path referrer, String path, JsonElement value, Map<String, Origin> origins,
                              Origin origin, Origin errAt, String errPath) {
        if (path.startsWith("overrides") || path.equals("hostFile") || path.equals("stackFile")) {
            throw errAt.error(errPath, "cannot override \"" + path + "\"");
        }
        if (isSwitch(path, value)) {
            switchModel(tree, origins, referrer, path, value.getAsString(), errAt.file(), errAt.at().isEmpty() ? path : errAt.at(), errAt.line());
            return;
        }
        try {
            List<Object> parts = JsonPaths.parse(path);
            JsonElement parent = parts.size() == 1 ? tree : JsonPaths.get(tree, parentPath(path));
            if (parent == null) {
                throw errAt.error(errPath, "override path \"" + path + "\" does not exist" + closestPath(tree, path));
            }
            JsonPaths.set(tree, path, asTextWhereTextWas(JsonPaths.get(tree, path), value).deepCopy());
        } catch (IllegalArgumentException iae) {
            throw errAt.error(errPath, "bad override path \"" + path + "\": " + iae.getMessage());
        }
        // the overridden value and anything below it now come from the override
        origins.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + ".") || k.startsWith(path + "["));
        if (origin != null) origins.put(path, origin);
    }

    /**
     * A number given where the document holds text ({@code --set stack.qemu.version=8.2}, a
     * version) is that text, digit for digit as written ("7.10" stays "7.10"); anything else is
     * taken as given and the binder judges it.
     */
    private static JsonElement asTextWhereTextWas(JsonElement was, JsonElement value) {
        JsonElement text = was != null && was.isJsonObject() && was.getAsJsonObject().has("value") ? was.getAsJsonObject().get("value") : was;
        boolean wasText = text != null && text.isJsonPrimitive() && text.getAsJsonPrimitive().isString();
        boolean isNumber = value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
        return wasText && isNumber ? new com.google.gson.JsonPrimitive(value.getAsString()) : value;
    }

    /**
     * Builds the host system once, without running it, so that a value only the model can judge
     * (a kernel version, a port range) is refused here with its file and line, not at run time.
     */
    private static void checkModel(Experiment exp, Map<String, Origin> origins, String file) {
        try {
            new capsim.model.HostSystem(new capsim.kernel.Simulation(exp.seed()), exp.host(), exp.stack(), exp.guest(), exp.profiles(), false);
        } catch (capsim.config.ValueException e) {
            String p = e.path();
            Origin o = origins.get(p);
            while (o == null && p.contains(".")) {
                p = p.substring(0, p.lastIndexOf('.'));
                o = origins.get(p);
            }
            if (o == null) o = new Origin(file, 0);
            throw o.error(e.path(), e.getMessage());
        }
    }

    /** Each step checks what binding alone cannot, against the steps before it; errors name the step's key. */
    private static void checkSteps(Experiment exp, Map<String, Origin> origins, String file) {
        int[] at = {0};
        StepCheck check = new StepCheck((key, problem) -> {
            String path = "steps[" + at[0] + "]." + key;
            Origin o = origins.getOrDefault(path, new Origin(file, 0));
            return o.error(path, problem);
        }, exp.profiles().keySet());
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
}
