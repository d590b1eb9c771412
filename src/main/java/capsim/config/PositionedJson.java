package capsim.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON document parsed strictly, with the line of every value, so later validation can say
 * "steps[1].count (line 12)". Duplicate keys, comments, trailing commas and other lenient JSON
 * are errors.
 */
public final class PositionedJson {
    private static final Pattern LOCATION = Pattern.compile("line (\\d+) column (\\d+)");

    private final String file;
    private final JsonElement root;
    private final Map<String, Integer> lines;

    private PositionedJson(String file, JsonElement root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** The most an input file may hold: far above any model or experiment file, far below what would exhaust memory. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    public static PositionedJson read(Path path) {
        return parse(path.toString(), readText(path));
    }

    /**
     * An input file's text: a regular file, at most {@link #MAX_BYTES}, in UTF-8; anything else is
     * one line naming the file (and for bad UTF-8 the line and column of the first bad byte).
     */
    public static String readText(Path path) {
        String file = path.toString();
        if (file.indexOf('\0') >= 0) throw new InputException(file.replace('\0', '?'), "", 0, "a file name cannot hold a NUL character");
        byte[] bytes;
        try {
            if (!Files.exists(path)) throw new InputException(file, "", 0, "file not found");
            if (Files.isDirectory(path)) throw new InputException(file, "", 0, "is a folder, not a JSON file");
            if (!Files.isRegularFile(path)) throw new InputException(file, "", 0, "not a regular file (a device, a pipe or a socket): capsim reads JSON files");
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new InputException(file, "", 0, "file of " + size + " bytes is over the " + MAX_BYTES + " bytes capsim reads from one input");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "", 0, "file not found");
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputException(file, "", 0, "not a file name: " + e.getReason());
        } catch (IOException e) {
            throw new InputException(file, "", 0, "cannot read: " + e.getMessage());
        }
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // find the first bad byte for its line and column
            var probe = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
            probe.decode(in, out, true);
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw new InputException(file, "", line, "not UTF-8: byte 0x" + String.format("%02x", bytes[bad] & 0xff) + " at column " + column);
        }
    }

    public static PositionedJson parse(String file, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (Reader r = new StringReader(text)) {
            JsonReader reader = new JsonReader(r);
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = readValue(reader, "", lines, file);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new InputException(file, "", lineOf(reader), "unexpected content after the JSON document");
            }
            return new PositionedJson(file, root, lines);
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            int line = 0;
            Matcher m = LOCATION.matcher(msg);
            if (m.find()) line = Integer.parseInt(m.group(1));
            String clean = msg.replaceAll("\\s*See https?://\\S+", "")
                    .replaceAll("\\s*Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON", " not valid JSON here")
                    .replaceAll(" at line \\d+ column \\d+ path \\S*", "")
                    .trim();
            if (text.isBlank()) clean = "empty file, expected a JSON object";
            throw new InputException(file, "", line, "malformed JSON: " + clean
                    + (m.find(0) ? " (column " + m.group(2) + ")" : ""));
        }
    }

    private static int lineOf(JsonReader reader) {
        Matcher m = LOCATION.matcher(reader.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static JsonElement readValue(JsonReader reader, String path, Map<String, Integer> lines, String file)
            throws IOException {
        JsonToken token = reader.peek();
        lines.put(path, lineOf(reader));
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject obj = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    String childPath = JsonPaths.child(path, name);
                    if (obj.has(name)) {
                        throw new InputException(file, childPath, lineOf(reader), "duplicate key \"" + name + "\"");
                    }
                    obj.add(name, readValue(reader, childPath, lines, file));
                }
                reader.endObject();
                return obj;
            }
            case BEGIN_ARRAY: {
                JsonArray arr = new JsonArray();
                reader.beginArray();
                int i = 0;
                while (reader.hasNext()) {
                    arr.add(readValue(reader, JsonPaths.index(path, i++), lines, file));
                }
                reader.endArray();
                return arr;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new InputException(file, path, lineOf(reader), "unexpected " + token);
        }
    }

    public String file() {
        return file;
    }

    public JsonElement root() {
        return root;
    }

    /** Line of the value at {@code path} ("" is the root), or 0 when unknown. */
    public int line(String path) {
        return lines.getOrDefault(path, 0);
    }

    /** Every (path → origin) of this document, with paths prefixed by {@code prefix}. */
    public Map<String, Origin> origins(String prefix) {
        Map<String, Origin> out = new HashMap<>();
        for (Map.Entry<String, Integer> e : lines.entrySet()) {
            String p = prefix.isEmpty() ? e.getKey()
                    : e.getKey().isEmpty() ? prefix
                    : e.getKey().startsWith("[") ? prefix + e.getKey() : prefix + "." + e.getKey();
            out.put(p, new Origin(file, e.getValue()));
        }
        return out;
    }
}
