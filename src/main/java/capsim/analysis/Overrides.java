package capsim.analysis;

import capsim.scenario.ExperimentLoader;
import capsim.config.InputException;
import capsim.config.PositionedJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Override sets as the analysis commands take them: {@code PATH=VALUE} lists, override files
 * (a JSON object of path to value, like an experiment's {@code overrides}), tied paths
 * ({@code steps[0].count,steps[1].count=8192} sets both), and model-file switches: a string
 * value for {@code host} or {@code stack} names a model file whose contents replace the loaded one.
 */
public final class Overrides {
    private Overrides() {
    }

    /** Parses {@code PATH=VALUE} (repeatable {@code --set}); later entries win. */
    public static Map<String, JsonElement> parseSets(List<String> sets, String option) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new InputException(option + " " + s, "", 0, "expected PATH=VALUE");
            put(out, s.substring(0, eq).trim(), ExperimentLoader.parseValue(s.substring(eq + 1)));
        }
        return out;
    }

    /** Splits {@code a,b=VALUE}: the paths before the first '=' (comma-separated), the text after. */
    public static List<String> tiedPaths(String spec, String option) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new InputException(option + " " + spec, "", 0, "expected PATH=VALUE (several paths: PATH,PATH=VALUE)");
        }
        List<String> paths = new ArrayList<>();
        for (String p : spec.substring(0, eq).split(",")) {
            if (p.isBlank()) throw new InputException(option + " " + spec, "", 0, "empty path");
            paths.add(p.trim());
        }
        return paths;
    }

    public static String valueText(String spec) {
        return spec.substring(spec.indexOf('=') + 1).trim();
    }

    /**
     * A variant's overrides: empty text (the experiment as it is), an override file (JSON object
     * of path to value), or a comma-separated list {@code PATH=VALUE,PATH=VALUE} (commas inside
     * brackets, braces or quotes do not separate).
     */
    public static Map<String, JsonElement> parseList(String text, String option) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        String t = text.trim();
        if (t.isEmpty()) return out;
        if (!t.contains("=") || (t.endsWith(".json") && Files.isRegularFile(Path.of(t)))) {
            PositionedJson doc = PositionedJson.read(Path.of(t));
            if (!doc.root().isJsonObject()) {
                throw new InputException(t, "(root)", 0, "expected a JSON object of path to value, e.g. {\"guest.disks\": 4}");
            }
            for (Map.Entry<String, JsonElement> e : doc.root().getAsJsonObject().entrySet()) {
                if (e.getKey().equals("source") || e.getKey().equals("note")) continue;
                put(out, e.getKey(), e.getValue());
            }
            return out;
        }
        for (String item : splitTopLevel(t)) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw new InputException(option + " " + text, "", 0, "expected PATH=VALUE in \"" + item + "\"");
            put(out, item.substring(0, eq).trim(), ExperimentLoader.parseValue(item.substring(eq + 1)));
        }
        return out;
    }

    /** Splits at commas outside brackets, braces and double quotes. */
    public static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) quoted = !quoted;
            else if (!quoted && (c == '[' || c == '{')) depth++;
            else if (!quoted && (c == ']' || c == '}')) depth--;
            else if (!quoted && depth == 0 && c == ',') {
                parts.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).trim());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** Puts a value last in the map, so that later overrides are also applied later. */
    public static void put(Map<String, JsonElement> m, String path, JsonElement value) {
        m.remove(path);
        m.put(path, value);
    }

    /** Merges override maps in order; later maps win and are applied later. */
    @SafeVarargs
    public static Map<String, JsonElement> merge(Map<String, JsonElement>... maps) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        for (Map<String, JsonElement> m : maps) {
            for (Map.Entry<String, JsonElement> e : m.entrySet()) put(out, e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Loads an experiment with overrides, expanding model-file switches ({@code stack=models/stacks/x.json})
     * and recording the switched file names in the resolved tree.
     */
    public static ExperimentLoader.Loaded load(Path experiment, Map<String, JsonElement> overrides) {
        // model-file switches first, so that the other overrides apply to the switched model
        Map<String, JsonElement> expanded = new LinkedHashMap<>();
        Map<String, String> switched = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : overrides.entrySet()) {
            String key = e.getKey();
            JsonElement v = e.getValue();
            if ((key.equals("host") || key.equals("stack")) && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                Path file = resolveModel(experiment, v.getAsString(), key);
                expanded.put(key, PositionedJson.read(file).root());
                switched.put(key + "File", v.getAsString());
            }
        }
        for (Map.Entry<String, JsonElement> e : overrides.entrySet()) {
            if (!switched.containsKey(e.getKey() + "File")) expanded.put(e.getKey(), e.getValue());
        }
        ExperimentLoader.Loaded loaded = ExperimentLoader.load(experiment, expanded);
        JsonObject resolved = loaded.resolved();
        for (Map.Entry<String, String> e : switched.entrySet()) resolved.addProperty(e.getKey(), e.getValue());
        return loaded;
    }

    private static Path resolveModel(Path experiment, String given, String key) {
        Path p = Path.of(given);
        if (Files.exists(p)) return p;
        for (Path d = experiment.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(given);
            if (Files.exists(candidate)) return candidate;
        }
        throw new InputException("override " + key + "=" + given, key, 0, key + " model file not found: " + given);
    }

    /** The number at {@code path} of a resolved tree ({@code {"value": x, "source": s}} unwrapped), or NaN. */
    public static double number(JsonElement tree, String path) {
        JsonElement e;
        try {
            e = capsim.config.JsonPaths.get(tree, path);
        } catch (IllegalArgumentException ex) {
            return Double.NaN;
        }
        if (e != null && e.isJsonObject() && e.getAsJsonObject().has("value")) e = e.getAsJsonObject().get("value");
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return Double.NaN;
        return e.getAsDouble();
    }
}
