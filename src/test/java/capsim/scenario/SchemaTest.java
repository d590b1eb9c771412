package capsim.scenario;

import capsim.config.JsonText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import capsim.report.Json;
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
}
