package capsim.scenario;

import capsim.config.SchemaWriter;
import capsim.model.common.Step;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The JSON Schema of an experiment file as written: like {@link Experiment} but with the host
 * and stack given as file paths.
 */
public final class ExperimentFileSchema {
    private ExperimentFileSchema() {
    }

    public static JsonObject schema() {
        JsonObject s = SchemaWriter.schemaFor(Experiment.class, "https://capsim.dev/schema/experiment.json",
                "capsim experiment", Map.of(Step.class, StepKinds.ALL));
        JsonObject props = s.getAsJsonObject("properties");
        for (String key : new String[] {"host", "stack"}) {
            JsonObject p = new JsonObject();
            p.addProperty("type", "string");
            p.addProperty("description", "path of the " + key + " model file, e.g. models/" + key + "s/NAME.json");
            props.add(key, p);
        }
        props.remove("hostFile");
        props.remove("stackFile");
        return s;
    }
}
