package capsim.report;

import capsim.config.Doc;
import capsim.measure.Unit;
import capsim.model.common.Step;
import capsim.resource.Tunable;
import capsim.scenario.Experiment;
import capsim.scenario.StepKinds;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an experiment path is, in words, for an axis title: the field's own description, read
 * from the record it binds to ({@code steps[0].count} of a define step is "guests to define"), or
 * a knob's name and unit ({@code host.ramGiB} is "host RAM (GiB)"). Tied paths that count the same
 * thing read as that thing: {@code steps[0].count,steps[1].count} (define, start) is "guests".
 * A path the records do not describe reads as itself.
 */
public final class PathTitles {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_$-]+)((?:\\[[0-9]+])*)");
    /** ", s" or " in GiB" at the end of a description: the field's unit, written as the axis unit. */
    private static final Pattern UNIT_TAIL = Pattern.compile("(?:,| in) (µs|ms|s|min|h|KiB|MiB|GiB|TiB|MiB/s|%)$");

    private PathTitles() {
    }

    /** The title of an axis over {@code paths} (set together), read against the resolved experiment. */
    public static String of(JsonObject resolved, List<String> paths) {
        List<String> titles = new ArrayList<>();
        for (String p : paths) titles.add(of(resolved, p));
        if (titles.stream().distinct().count() == 1) return titles.get(0);
        // "guests to define" and "guests to start" count guests
        String[] first = titles.get(0).split(" ");
        int common = first.length;
        for (String t : titles) {
            String[] w = t.split(" ");
            int k = 0;
            while (k < Math.min(common, w.length) && w[k].equals(first[k])) k++;
            common = k;
        }
        // the shared words without a dangling "to" or "of": "guests to define", "guests to start" share "guests"
        while (common > 0 && java.util.Set.of("to", "of", "at", "in", "on", "per", "the", "a").contains(first[common - 1])) common--;
        if (common > 0 && !paths.contains(titles.get(0))) return String.join(" ", java.util.Arrays.copyOf(first, common));
        return String.join(" = ", titles);
    }

    /** The title of one path: its field's description with the unit in brackets, or the path. */
    public static String of(JsonObject resolved, String path) {
        RecordComponent c = component(resolved, path);
        if (c == null) return path;
        Tunable t = c.getAnnotation(Tunable.class);
        if (t != null && t.unit() != Unit.COUNT) return MetricLabels.withUnit(t.key(), t.unit());
        Doc d = c.getAnnotation(Doc.class);
        if (d == null) return path;
        String s = d.value();
        for (String stop : new String[] {" (", "; ", ": "}) {
            int i = s.indexOf(stop);
            if (i > 0) s = s.substring(0, i);
        }
        Matcher m = UNIT_TAIL.matcher(s);
        if (m.find()) s = s.substring(0, m.start()) + " (" + m.group(1) + ")";
        return s.isEmpty() ? path : s;
    }

    /** The record component a path binds to; null when the path leaves the records (a map's free value, a JSON value). */
    static RecordComponent component(JsonObject resolved, String path) {
        Class<?> type = Experiment.class;
        JsonElement json = resolved;
        RecordComponent last = null;
        boolean mapKey = false;
        for (String seg : path.split("[.]")) {
            Matcher m = SEGMENT.matcher(seg);
            if (!m.matches() || type == null) return null;
            String name = m.group(1);
            json = json != null && json.isJsonObject() ? json.getAsJsonObject().get(name) : null;
            if (mapKey) {
                // the key of a map: the value type stays
                mapKey = false;
            } else {
                if (!type.isRecord()) return null;
                RecordComponent rc = find(type, name);
                if (rc == null) return null;
                last = rc;
                Type g = rc.getGenericType();
                type = rc.getType();
                if (java.util.Map.class.isAssignableFrom(type)) {
                    mapKey = true;
                    type = typeArgument(g, 1);
                    continue;
                }
                if (List.class.isAssignableFrom(type)) type = typeArgument(g, 0);
            }
            String indices = m.group(2);
            if (!indices.isEmpty()) {
                int idx = Integer.parseInt(indices.substring(1, indices.indexOf(']')));
                json = json != null && json.isJsonArray() && idx < json.getAsJsonArray().size() ? json.getAsJsonArray().get(idx) : null;
            }
            if (type == Step.class) type = stepKind(json);
        }
        return mapKey ? null : last;
    }

    private static Class<?> stepKind(JsonElement step) {
        if (step == null || !step.isJsonObject() || !step.getAsJsonObject().has("kind")) return null;
        return StepKinds.byKind().get(step.getAsJsonObject().get("kind").getAsString().toLowerCase(Locale.ROOT));
    }

    private static RecordComponent find(Class<?> record, String name) {
        for (RecordComponent rc : record.getRecordComponents()) if (rc.getName().equals(name)) return rc;
        return null;
    }

    private static Class<?> typeArgument(Type g, int i) {
        if (g instanceof ParameterizedType p && p.getActualTypeArguments()[i] instanceof Class<?> c) return c;
        return null;
    }
}
