package capsim;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code source} a model file gives is something its reader can open: a file of this
 * repository that exists (a cited section of docs/sources.md included), or upstream text named by
 * file, commit or release. An upstream file whose path could be read as one of this repository
 * names its project ("libvirt:src/util/virdbus.c"). A path that leaves the repository (a sibling
 * folder, a home or work directory) fails.
 */
class ModelSourcesTest {
    private static final Pattern REPO_PATH = Pattern.compile("(?<![:/\\w])((?:docs|models|experiments|notebooks|scripts|src)/[A-Za-z0-9_./-]*[A-Za-z0-9_])");
    private static final Pattern OUTSIDE = Pattern.compile("(^|[\\s(\"'`])(\\.\\./[A-Za-z]|~/|/work/|/home/|/root/|/tmp/|shared/(reference|seed)/)");
    private static final Pattern SECTION = Pattern.compile("docs/sources\\.md, (kernel|userspace) §(\\d+)");

    @Test
    void everySourceNamesSomethingAReaderCanOpen() throws IOException {
        Map<String, Set<String>> sections = sections(Files.readString(Path.of("docs/sources.md")));
        List<String> wrong = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("models"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() > 10, "found the model files");
        int sources = 0;
        for (Path f : files) {
            List<String> found = new ArrayList<>();
            collect(JsonParser.parseString(Files.readString(f)), found);
            sources += found.size();
            for (String src : found) {
                if (OUTSIDE.matcher(src).find()) wrong.add(f + ": names a path outside the repository: " + src);
                Matcher m = REPO_PATH.matcher(src);
                while (m.find()) {
                    if (!Files.exists(Path.of(m.group(1)))) wrong.add(f + ": names " + m.group(1) + ", which the repository does not have");
                }
                Matcher s = SECTION.matcher(src);
                while (s.find()) {
                    if (!sections.get(s.group(1)).contains(s.group(2))) wrong.add(f + ": cites " + s.group() + ", which docs/sources.md does not have");
                }
            }
        }
        assertTrue(sources > 300, "read the sources: " + sources);
        assertEquals(List.of(), wrong);
    }

    /** The rule itself: what it accepts and what it refuses. */
    @Test
    void theRuleTellsInsideFromOutside() {
        assertTrue(OUTSIDE.matcher("see ../shared/reference/kernel-facts.md").find());
        assertTrue(OUTSIDE.matcher("shared/reference/userspace-facts.md §5").find());
        assertFalse(OUTSIDE.matcher("fe80::/64, local fe80::.../128").find(), "an IPv6 prefix is no path");
        assertFalse(OUTSIDE.matcher("fs/aio.c aio_setup_ring (Linux 6.1)").find(), "an upstream file is fine");
        Matcher m = REPO_PATH.matcher("docs/sources.md, kernel §6");
        assertTrue(m.find());
        assertEquals("docs/sources.md", m.group(1));
    }

    private static void collect(JsonElement e, List<String> out) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> kv : o.entrySet()) {
                if (kv.getKey().equals("source") && kv.getValue().isJsonPrimitive()) out.add(kv.getValue().getAsString());
                else collect(kv.getValue(), out);
            }
        } else if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) collect(x, out);
        }
    }

    /** The numbered subsections under "# Kernel" and "# Userspace". */
    private static Map<String, Set<String>> sections(String doc) {
        Set<String> kernel = new HashSet<>();
        Set<String> userspace = new HashSet<>();
        Set<String> current = null;
        for (String line : doc.split("\n")) {
            if (line.startsWith("# Kernel")) current = kernel;
            else if (line.startsWith("# Userspace")) current = userspace;
            else if (line.startsWith("# ")) current = null;
            Matcher m = Pattern.compile("^## §(\\d+)\\b").matcher(line);
            if (current != null && m.find()) current.add(m.group(1));
        }
        return Map.of("kernel", kernel, "userspace", userspace);
    }
}
