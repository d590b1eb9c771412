package capsim.experiment;

import capsim.config.Binder;
import capsim.scenario.Experiment;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema of a variant file ({@code capsim compare --variant NAME=FILE.json},
 * {@code experiments/variants/variant.schema.json}): an object of experiment paths to values.
 * Each key must start with a top-level key of an experiment (so a model or experiment file given
 * by mistake is marked), its values are any JSON (the experiment's binder judges them), and the
 * free keys are text.
 */
public final class VariantFileSchema {
    private VariantFileSchema() {
    }

    /** The experiment keys an override path may start with (not the recorded model file names, not overrides). */
    public static List<String> pathRoots() {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : Experiment.class.getRecordComponents()) {
            String n = c.getName();
            if (!n.equals("hostFile") && !n.equals("stackFile") && !n.equals("overrides")) out.add(n);
        }
        return out;
    }

    public static JsonObject schema() {
        JsonObject s = new JsonObject();
        s.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.addProperty("$id", "https://capsim.dev/schema/variant.json");
        s.addProperty("title", "capsim compare variant");
        s.addProperty("type", "object");
        s.addProperty("description", "a variant of capsim compare: experiment paths to the values they take, as --set PATH=VALUE gives them"
                + " (host and stack with a string switch model files)");
        JsonObject props = new JsonObject();
        for (String k : Binder.FREE_KEYS) {
            JsonObject t = new JsonObject();
            t.addProperty("type", "string");
            props.add(k, t);
        }
        JsonObject d = new JsonObject();
        d.addProperty("type", "string");
        d.addProperty("description", "what this variant changes");
        props.add("description", d);
        s.add("properties", props);
        JsonObject names = new JsonObject();
        StringBuilder alt = new StringBuilder();
        for (String r : pathRoots()) alt.append(alt.length() == 0 ? "" : "|").append(r);
        String free = String.join("|", Binder.FREE_KEYS).replace("$", "\\$");
        names.addProperty("pattern", "^((" + alt + ")([.\\[].*)?|" + free + "|description)$");
        s.add("propertyNames", names);
        s.add("additionalProperties", new JsonObject());
        JsonArray examples = new JsonArray();
        JsonObject ex = new JsonObject();
        ex.addProperty("guest.disks", 4);
        ex.addProperty("stack.qemuKvm.virtioCcw.commit", "per-device");
        examples.add(ex);
        s.add("examples", examples);
        return s;
    }
}
