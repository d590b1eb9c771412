package capsim.scenario;

import capsim.config.JsonText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import capsim.experiment.SweepFileSchema;
import capsim.experiment.VariantFileSchema;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaTest {
    @Test
    void committedSchemaIsTheOneTheBinderEnforces() throws Exception {
        var committed = JsonParser.parseString(Files.readString(Path.of("experiments/experiment.schema.json")));
        assertEquals(JsonText.PRETTY.toJson(ExperimentFileSchema.schema()), JsonText.PRETTY.toJson(committed),
                "regenerate with: ./capsim schema > experiments/experiment.schema.json");
    }

    @Test
    void committedSweepSchemaIsTheOneTheBinderEnforces() throws Exception {
        var committed = JsonParser.parseString(Files.readString(Path.of("experiments/sweeps/sweep.schema.json")));
        assertEquals(JsonText.PRETTY.toJson(SweepFileSchema.schema()), JsonText.PRETTY.toJson(committed),
                "regenerate with: ./capsim schema sweep > experiments/sweeps/sweep.schema.json");
    }

    @Test
    void committedVariantSchemaIsTheOneCompareReads() throws Exception {
        var committed = JsonParser.parseString(Files.readString(Path.of("experiments/variants/variant.schema.json")));
        assertEquals(JsonText.PRETTY.toJson(VariantFileSchema.schema()), JsonText.PRETTY.toJson(committed),
                "regenerate with: ./capsim schema variant > experiments/variants/variant.schema.json");
    }
}
