package capsim.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths into a JSON tree in the form {@code steps[1].count} or {@code host.sysctl.aioMaxNr}:
 * keys joined by dots, array indexes in brackets. The same form names an error's location, a
 * {@code --set} override and a sweep axis.
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** Splits a path into keys (String) and indexes (Integer). */
    public static List<Object> parse(String path) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        int n = path.length();
        StringBuilder key = new StringBuilder();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                if (key.length() == 0) throw new IllegalArgumentException("empty key in path \"" + path + "\"");
                parts.add(key.toString());
                key.setLength(0);
                i++;
            } else if (c == '[') {
                if (key.length() > 0) {
                    parts.add(key.toString());
                    key.setLength(0);
                }
                int close = path.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("unclosed [ in path \"" + path + "\"");
                int index;
                try {
                    index = Integer.parseInt(path.substring(i + 1, close));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad index in path \"" + path + "\"");
                }
                if (index < 0) throw new IllegalArgumentException("negative index in path \"" + path + "\"; lists count from 0");
                parts.add(index);
                i = close + 1;
                if (i < n && path.charAt(i) == '.') i++;
            } else {
                key.append(c);
                i++;
            }
        }
        if (key.length() > 0) parts.add(key.toString());
        if (parts.isEmpty()) throw new IllegalArgumentException("empty path");
        return parts;
    }

    /** The element at {@code path}, or null. */
    public static JsonElement get(JsonElement root, String path) {
        JsonElement cur = root;
        for (Object p : parse(path)) {
            if (cur == null) return null;
            if (p instanceof Integer idx) {
                if (!cur.isJsonArray() || idx >= cur.getAsJsonArray().size()) return null;
                cur = cur.getAsJsonArray().get(idx);
            } else {
                if (!cur.isJsonObject()) return null;
                cur = cur.getAsJsonObject().get((String) p);
            }
        }
        return cur;
    }

    /**
     * Sets the value at {@code path}. Intermediate objects must exist, except that a missing
     * last key is added (an optional setting the file left out). A value written as
     * {@code {"value": x, "source": s}} keeps that form with the new value.
     */
    public static void set(JsonElement root, String path, JsonElement value) {
        List<Object> parts = parse(path);
        JsonElement cur = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            Object p = parts.get(i);
            JsonElement next;
            if (p instanceof Integer idx) {
                if (!cur.isJsonArray()) throw new IllegalArgumentException(prefix(parts, i) + " is not a list");
                JsonArray a = cur.getAsJsonArray();
                if (idx >= a.size()) throw new IllegalArgumentException(prefix(parts, i + 1) + ": index out of range (size " + a.size() + ")");
                next = a.get(idx);
            } else {
                if (!cur.isJsonObject()) throw new IllegalArgumentException(prefix(parts, i) + " is not an object");
                next = cur.getAsJsonObject().get((String) p);
                if (next == null || next.isJsonNull()) {
                    JsonObject created = new JsonObject();
                    cur.getAsJsonObject().add((String) p, created);
                    next = created;
                }
            }
            cur = next;
        }
        Object last = parts.get(parts.size() - 1);
        if (last instanceof Integer idx) {
            if (!cur.isJsonArray()) throw new IllegalArgumentException(prefix(parts, parts.size() - 1) + " is not a list");
            JsonArray a = cur.getAsJsonArray();
            if (idx >= a.size()) throw new IllegalArgumentException(path + ": index out of range (size " + a.size() + ")");
            a.set(idx, value);
        } else {
            if (!cur.isJsonObject()) throw new IllegalArgumentException(prefix(parts, parts.size() - 1) + " is not an object");
            JsonObject o = cur.getAsJsonObject();
            JsonElement old = o.get((String) last);
            if (old != null && Sourced.isSourced(old) && !Sourced.isSourced(value)) {
                JsonObject wrapped = old.getAsJsonObject().deepCopy();
                wrapped.add("value", value);
                wrapped.addProperty("source", "override (" + wrapped.get("source").getAsString() + ")");
                o.add((String) last, wrapped);
            } else {
                o.add((String) last, value);
            }
        }
    }

    private static String prefix(List<Object> parts, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < upTo; i++) {
            Object p = parts.get(i);
            if (p instanceof Integer) sb.append('[').append(p).append(']');
            else {
                if (sb.length() > 0) sb.append('.');
                sb.append(p);
            }
        }
        return sb.length() == 0 ? "(root)" : sb.toString();
    }
}
