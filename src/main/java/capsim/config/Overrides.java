package capsim.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Override sets as every command takes them, the one parser of their text: {@code PATH=VALUE}
 * ({@code --set}), comma lists and override files (a JSON object of path to value, like an
 * experiment's {@code overrides}), tied paths ({@code steps[0].count,steps[1].count=8192} sets
 * both), and the ordered maps they give (later entries win and are applied later). What a value
 * means is the loader's business: {@code host=FILE} and {@code stack=FILE} switch model files there.
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
            put(out, s.substring(0, eq).trim(), parseValue(s.substring(eq + 1)));
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
        for (String p : spec.substring(0, eq).split(",", -1)) {
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
        return parseGiven(text, option).values();
    }

    /** Overrides with where each was given: a file's line, or the option and its text. */
    public record Given(Map<String, JsonElement> values, Map<String, Origin> sources, boolean fromFile) {
    }

    /** As {@link #parseList}, with the origin of each override; a file's free keys must be text and are skipped. */
    public static Given parseGiven(String text, String option) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        Map<String, Origin> sources = new LinkedHashMap<>();
        String t = text.trim();
        if (t.isEmpty()) return new Given(out, sources, false);
        if (!t.contains("=") || (t.endsWith(".json") && Files.isRegularFile(Path.of(t)))) {
            PositionedJson doc = PositionedJson.read(Path.of(t));
            if (!doc.root().isJsonObject()) {
                throw new InputException(doc.file(), "(root)", doc.line(""), "expected a JSON object of path to value, e.g. {\"guest.disks\": 4}");
            }
            for (Map.Entry<String, JsonElement> e : doc.root().getAsJsonObject().entrySet()) {
                String at = JsonPaths.child("", e.getKey());
                if (Binder.FREE_KEYS.contains(e.getKey()) || e.getKey().equals("description")) {
                    if (!(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString())) {
                        throw new InputException(doc.file(), at, doc.line(at), "\"" + e.getKey() + "\" takes a text");
                    }
                    continue;
                }
                put(out, e.getKey(), e.getValue());
                sources.put(e.getKey(), new Origin(doc.file(), doc.line(at)));
            }
            return new Given(out, sources, true);
        }
        for (String item : splitTopLevel(t)) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw new InputException(option + " " + text, "", 0, "expected PATH=VALUE in \"" + item + "\"");
            String path = item.substring(0, eq).trim();
            put(out, path, parseValue(item.substring(eq + 1)));
            sources.put(path, Origin.option(option, text));
        }
        return new Given(out, sources, false);
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

    /** A {@code PATH=VALUE} value: JSON if it parses as JSON, else a plain string. */
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

    /** The number at {@code path} of a resolved tree ({@code {"value": x, "source": s}} unwrapped), or NaN. */
    public static double number(JsonElement tree, String path) {
        JsonElement e;
        try {
            e = JsonPaths.get(tree, path);
        } catch (IllegalArgumentException ex) {
            return Double.NaN;
        }
        if (e != null && e.isJsonObject() && e.getAsJsonObject().has("value")) e = e.getAsJsonObject().get("value");
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return Double.NaN;
        return e.getAsDouble();
    }
}
