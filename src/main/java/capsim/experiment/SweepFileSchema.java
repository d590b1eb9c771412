package capsim.experiment;

import capsim.config.SchemaWriter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The JSON Schema of a sweep file ({@code experiments/sweeps/sweep.schema.json}), written by
 * {@link SchemaWriter} from {@link SweepFile}'s annotations, with the two values the binder takes
 * as free JSON spelled out: an axis's values (a list or a string of ranges) and the overrides'
 * values (any JSON value).
 */
public final class SweepFileSchema {
    private SweepFileSchema() {
    }

    public static JsonObject schema() {
        JsonObject s = SchemaWriter.schemaFor(SweepFile.class, "https://capsim.dev/schema/sweep.json", "capsim sweep");
        JsonObject props = s.getAsJsonObject("properties");
        JsonObject axisProps = props.getAsJsonObject("axes").getAsJsonObject("items").getAsJsonObject("properties");
        JsonObject values = axisProps.getAsJsonObject("values");
        String doc = values.get("description").getAsString();
        values.remove("type");
        values.remove("description");
        JsonArray any = new JsonArray();
        JsonObject list = new JsonObject();
        list.addProperty("type", "array");
        list.addProperty("minItems", 1);
        any.add(list);
        JsonObject text = new JsonObject();
        text.addProperty("type", "string");
        any.add(text);
        values.add("anyOf", any);
        values.addProperty("description", doc);
        props.getAsJsonObject("overrides").add("additionalProperties", new JsonObject());
        return s;
    }
}
