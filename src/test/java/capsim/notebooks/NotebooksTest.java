package capsim.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebooks are committed as sources: no outputs (they would hold one machine's measurements
 * and megabytes of images), on the Debian python3 kernel that runs headless, with the quick
 * switch CI uses. CI executes them (.ci/run); this only checks what is committed.
 */
class NotebooksTest {
    private static final Path FOLDER = Path.of("notebooks");

    private static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    private static JsonObject read(Path notebook) throws IOException {
        return JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
    }

    private static String source(JsonObject cell) {
        JsonElement s = cell.get("source");
        if (s.isJsonPrimitive()) return s.getAsString();
        StringBuilder text = new StringBuilder();
        s.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
        return text.toString();
    }

    @Test
    void theThreeAnalysesAndTheirReadmeExist() throws IOException {
        List<String> names = notebooks().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("seed-walls.ipynb", "fix-comparison.ipynb", "predicted-vs-measured.ipynb")),
                names.toString());
        String readme = Files.readString(FOLDER.resolve("README.md"));
        for (String name : names) assertTrue(readme.contains(name), "notebooks/README.md does not mention " + name);
    }

    @Test
    void committedNotebooksHaveNoOutputs() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path nb : notebooks()) {
            var cells = read(nb).getAsJsonArray("cells");
            for (int i = 0; i < cells.size(); i++) {
                JsonObject cell = cells.get(i).getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                if (cell.has("outputs") && !cell.getAsJsonArray("outputs").isEmpty())
                    problems.add(nb + " cell " + i + " has outputs");
                if (cell.has("execution_count") && !cell.get("execution_count").isJsonNull())
                    problems.add(nb + " cell " + i + " has execution_count " + cell.get("execution_count"));
            }
        }
        assertEquals(List.of(), problems,
                "clear them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb");
    }

    @Test
    void notebooksUseThePython3KernelAndTheQuickSwitch() throws IOException {
        String helpers = Files.readString(FOLDER.resolve("capsimnb.py"));
        assertTrue(helpers.contains("CAPSIM_NB_QUICK"), "capsimnb.py reads CAPSIM_NB_QUICK");
        for (Path nb : notebooks()) {
            JsonObject doc = read(nb);
            assertEquals(4, doc.get("nbformat").getAsInt(), nb.toString());
            assertEquals("python3", doc.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(),
                    nb + ": the kernel that runs headless here is Debian's python3 (ipykernel)");
            var cells = doc.getAsJsonArray("cells");
            String code = "";
            for (JsonElement c : cells) {
                JsonObject cell = c.getAsJsonObject();
                assertFalse(source(cell).isBlank(), nb + " has an empty cell");
                if ("code".equals(cell.get("cell_type").getAsString())) code += source(cell) + "\n";
            }
            assertTrue(code.contains("import capsimnb as nb") && code.contains("nb.QUICK"),
                    nb + " must use the shared helpers and shrink its work under CAPSIM_NB_QUICK");
            assertTrue(code.contains("nb.run("), nb + " must get its numbers from ./capsim");
        }
    }
}
