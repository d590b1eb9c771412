package capsim.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A model number with its provenance: {@code {"value": 65536, "source": "fs/aio.c aio_max_nr"}}.
 * Wherever a number is expected, a model file may write it in this form; the binder reads the
 * value and keeps the source for reports.
 */
public final class Sourced {
    private Sourced() {
    }

    public static boolean isSourced(JsonElement e) {
        if (e == null || !e.isJsonObject()) return false;
        JsonObject o = e.getAsJsonObject();
        if (!o.has("value") || !o.has("source")) return false;
        for (String k : o.keySet()) if (!k.equals("value") && !k.equals("source") && !k.equals("note")) return false;
        return true;
    }
}
