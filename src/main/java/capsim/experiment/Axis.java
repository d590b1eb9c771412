package capsim.experiment;

import capsim.config.Overrides;
import capsim.config.InputException;
import capsim.config.Origin;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One sweep axis: one or more JSON paths set together (tied: {@code steps[0].count,steps[1].count})
 * and the list of values they take. Values are written {@code 16,32,64}, or as ranges:
 * {@code 1..10} (step 1), {@code 0..100:25} (step 25), {@code 16..4096*2} (factor 2).
 */
public record Axis(List<String> paths, List<JsonElement> values, Origin source) {
    private static final int MAX_VALUES = BatchPlan.MAX_POINTS;

    /** An axis whose values' problems are reported as {@code --axis PATHS=...}. */
    public Axis(List<String> paths, List<JsonElement> values) {
        this(paths, values, Origin.option("--axis", String.join(",", paths) + "=..."));
    }

    public Axis {
        paths = List.copyOf(paths);
        values = List.copyOf(values);
        if (paths.isEmpty()) throw new IllegalArgumentException("axis without a path");
        if (values.isEmpty()) throw new IllegalArgumentException("axis " + paths + " without values");
    }

    /** The axis name as written: the tied paths joined with commas. */
    public String label() {
        return String.join(",", paths);
    }

    /** A short name for charts: the first path. */
    public String shortLabel() {
        return paths.get(0);
    }

    /** A value as tables and labels show it: a string without its quotes, anything else as JSON. */
    public static String text(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : e.toString();
    }

    /** True when every value is a number (the axis can be an x axis and a growth-fit variable). */
    public boolean numeric() {
        for (JsonElement v : values) if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber())) return false;
        return true;
    }

    /** Parses {@code PATH[,PATH...]=VALUES} from the command line. */
    public static Axis parse(String spec) {
        List<String> paths = Overrides.tiedPaths(spec, "--axis");
        return new Axis(paths, parseValues(Overrides.valueText(spec), "--axis " + spec), Origin.option("--axis", spec));
    }

    /** Parses the value list of an axis: comma-separated values and ranges. */
    public static List<JsonElement> parseValues(String text, String where) {
        List<JsonElement> out = new ArrayList<>();
        for (String item : Overrides.splitTopLevel(text)) {
            if (item.matches("-?[0-9.]+\\.\\.-?[0-9.]+([:*][0-9.]+)?")) {
                expandRange(item, out, where);
            } else {
                out.add(Overrides.parseValue(item));
            }
        }
        if (out.isEmpty()) throw new InputException(where, "", 0, "no values");
        return out;
    }

    private static void expandRange(String item, List<JsonElement> out, String where) {
        int dots = item.indexOf("..");
        String from = item.substring(0, dots);
        String rest = item.substring(dots + 2);
        char op = ':';
        String stepText = "1";
        int at = Math.max(rest.indexOf(':'), rest.indexOf('*'));
        if (at >= 0) {
            op = rest.charAt(at);
            stepText = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        BigDecimal a;
        BigDecimal b;
        BigDecimal step;
        try {
            a = new BigDecimal(from);
            b = new BigDecimal(rest);
            step = new BigDecimal(stepText);
        } catch (NumberFormatException e) {
            throw new InputException(where, "", 0, "bad range \"" + item + "\": write FROM..TO, FROM..TO:STEP or FROM..TO*FACTOR");
        }
        if (a.compareTo(b) > 0) throw new InputException(where, "", 0, "range \"" + item + "\" goes down; write it from low to high");
        if (op == ':' && step.signum() <= 0) throw new InputException(where, "", 0, "range step must be positive in \"" + item + "\"");
        if (op == '*' && (step.compareTo(BigDecimal.ONE) <= 0 || a.signum() <= 0)) {
            throw new InputException(where, "", 0, "geometric range \"" + item + "\" needs a start > 0 and a factor > 1");
        }
        for (BigDecimal v = a; v.compareTo(b) <= 0; v = op == ':' ? v.add(step) : v.multiply(step)) {
            if (out.size() >= MAX_VALUES) throw new InputException(where, "", 0, "range \"" + item + "\" has more than "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_VALUES) + " values, the quota of points of a batch (" + BatchPlan.WHY_POINTS + ")");
            out.add(number(v));
        }
    }

    private static JsonPrimitive number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() <= 0) return new JsonPrimitive(s.longValueExact());
        return new JsonPrimitive(s.doubleValue());
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("path", label());
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        o.add("values", a);
        return o;
    }

    /** Reads {@code {"path": "a,b", "values": [..] or "16..4096*2"}} from a plan capsim wrote ({@code where}: the plan file). */
    public static Axis fromJson(JsonElement e, String where, String at) {
        if (!e.isJsonObject() || !(e.getAsJsonObject().get("path") instanceof JsonPrimitive p) || !p.isString()
                || !e.getAsJsonObject().has("values")) {
            throw new InputException(where, at, 0, "each axis is {\"path\": \"PATH[,PATH...]\", \"values\": [..] or \"FROM..TO*FACTOR\"}");
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!k.equals("path") && !k.equals("values") && !k.equals("note")) {
                throw new InputException(where, at + "." + k, 0, "unknown key \"" + k + "\" (allowed: path, values, note)");
            }
        }
        List<String> paths = new ArrayList<>();
        for (String part : p.getAsString().split(",")) paths.add(part.trim());
        JsonElement v = o.get("values");
        List<JsonElement> values = new ArrayList<>();
        if (v.isJsonArray()) v.getAsJsonArray().forEach(values::add);
        else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) values.addAll(parseValues(v.getAsString(), where));
        else throw new InputException(where, at + ".values", 0, "expected a list of values or a string of ranges");
        if (values.isEmpty()) throw new InputException(where, at + ".values", 0, "axis " + paths + " has no values");
        return new Axis(paths, values, new Origin(where, 0, "plan." + at));
    }
}
