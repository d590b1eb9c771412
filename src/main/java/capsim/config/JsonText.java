package capsim.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/** The one Gson setup every layer writes JSON with, and how a number is written. */
public final class JsonText {
    public static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private JsonText() {
    }

    /** A number as JSON: whole values without ".0", non-finite values as null. */
    public static JsonElement number(double v) {
        if (!Double.isFinite(v)) return JsonNull.INSTANCE;
        if (v == Math.rint(v) && Math.abs(v) < 9.0e15) return new JsonPrimitive((long) v);
        return new JsonPrimitive(v);
    }

    /** Metrics as a JSON object, in the map's order. */
    public static JsonObject metrics(Map<String, Double> metrics) {
        JsonObject m = new JsonObject();
        for (Map.Entry<String, Double> e : metrics.entrySet()) m.add(e.getKey(), number(e.getValue()));
        return m;
    }
}
