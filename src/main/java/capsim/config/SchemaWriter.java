package capsim.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON Schema (draft 2020-12) for a record type, from the same annotations the
 * {@link Binder} enforces, so editors validate exactly what capsim accepts.
 */
public final class SchemaWriter {
    /** The records of the open interfaces this schema lists (see {@link Binder#withKinds}). */
    private final Map<Class<?>, List<? extends Class<?>>> kinds;

    private SchemaWriter(Map<Class<?>, List<? extends Class<?>>> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    public static JsonObject schemaFor(Class<?> root, String id, String title) {
        return schemaFor(root, id, title, Map.of());
    }

    /** As {@link #schemaFor(Class, String, String)}, with the records of open interfaces (see {@link Binder#withKinds}). */
    public static JsonObject schemaFor(Class<?> root, String id, String title, Map<Class<?>, List<? extends Class<?>>> kinds) {
        return new SchemaWriter(kinds).build(root, id, title);
    }

    private JsonObject build(Class<?> root, String id, String title) {
        JsonObject s = new JsonObject();
        s.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.addProperty("$id", id);
        s.addProperty("title", title);
        JsonObject body = typeSchema(root, root, null);
        for (Map.Entry<String, JsonElement> e : body.entrySet()) s.add(e.getKey(), e.getValue());
        return s;
    }

    private JsonObject typeSchema(Type type, Class<?> owner, RecordComponent rc) {
        Class<?> raw = Binder.rawClass(type);
        JsonObject s = new JsonObject();
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            s.add("anyOf", numberOrSourced("integer", rc));
        } else if (raw == double.class || raw == Double.class) {
            s.add("anyOf", numberOrSourced("number", rc));
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.addProperty("type", "boolean");
        } else if (raw == String.class) {
            s.addProperty("type", "string");
        } else if (raw.isEnum()) {
            JsonArray en = new JsonArray();
            for (Object c : raw.getEnumConstants()) en.add(Binder.enumName((Enum<?>) c));
            s.add("enum", en);
        } else if (raw == List.class) {
            s.addProperty("type", "array");
            s.add("items", typeSchema(((ParameterizedType) type).getActualTypeArguments()[0], owner, null));
            Range r = rc == null ? null : rc.getAnnotation(Range.class);
            if (r != null && r.min() > 0) s.addProperty("minItems", (long) r.min());
            if (r != null && r.max() != Double.POSITIVE_INFINITY) s.addProperty("maxItems", (long) r.max());
        } else if (raw == Map.class) {
            s.addProperty("type", "object");
            s.add("additionalProperties", typeSchema(((ParameterizedType) type).getActualTypeArguments()[1], owner, null));
        } else if (raw.isInterface() && (raw.isSealed() || kinds.containsKey(raw))) {
            // "kind" selects the schema: one if/then per kind, so an editor names what is wrong with that kind's
            // fields instead of "not valid under any of the given schemas" (oneOf)
            var byName = raw.isSealed() ? Binder.kinds(raw) : Binder.kinds(raw, kinds.get(raw));
            s.addProperty("type", "object");
            JsonArray req = new JsonArray();
            req.add("kind");
            s.add("required", req);
            JsonObject kindEnum = new JsonObject();
            JsonArray names = new JsonArray();
            byName.keySet().forEach(names::add);
            kindEnum.add("enum", names);
            JsonObject props = new JsonObject();
            props.add("kind", kindEnum);
            s.add("properties", props);
            JsonArray all = new JsonArray();
            for (Map.Entry<String, Class<?>> k : byName.entrySet()) {
                JsonObject sub = recordSchema(k.getValue());
                JsonObject kindProp = new JsonObject();
                kindProp.addProperty("const", k.getKey());
                sub.getAsJsonObject("properties").add("kind", kindProp);
                sub.getAsJsonArray("required").add("kind");
                JsonObject cond = new JsonObject();
                JsonObject condProps = new JsonObject();
                condProps.add("kind", kindProp.deepCopy());
                cond.add("properties", condProps);
                cond.add("required", req.deepCopy());
                JsonObject branch = new JsonObject();
                branch.add("if", cond);
                branch.add("then", sub);
                all.add(branch);
            }
            s.add("allOf", all);
        } else if (raw.isRecord()) {
            s = recordSchema(raw);
        } else if (raw == JsonElement.class) {
            // any JSON value (an override's value: a number, a text, a list, an object)
            s.addProperty("description", "any JSON value");
        } else {
            s.addProperty("type", "object");
        }
        return s;
    }

    private JsonObject recordSchema(Class<?> type) {
        JsonObject s = new JsonObject();
        s.addProperty("type", "object");
        Doc td = type.getAnnotation(Doc.class);
        if (td != null) s.addProperty("description", td.value());
        JsonObject props = new JsonObject();
        JsonArray required = new JsonArray();
        for (String free : Binder.FREE_KEYS) {
            JsonObject f = new JsonObject();
            f.addProperty("type", "string");
            props.add(free, f);
        }
        for (RecordComponent c : type.getRecordComponents()) {
            JsonObject p = typeSchema(c.getGenericType(), type, c);
            Doc d = c.getAnnotation(Doc.class);
            if (d != null) p.addProperty("description", d.value());
            Default def = c.getAnnotation(Default.class);
            if (def == null) required.add(c.getName());
            else if (!def.value().equals("null")) p.add("default", JsonParser.parseString(def.value()));
            props.add(c.getName(), p);
        }
        s.add("properties", props);
        s.add("required", required);
        s.addProperty("additionalProperties", false);
        return s;
    }

    private static JsonArray numberOrSourced(String kind, RecordComponent rc) {
        JsonObject plain = new JsonObject();
        plain.addProperty("type", kind);
        Range r = rc == null ? null : rc.getAnnotation(Range.class);
        if (r != null) {
            if (r.min() != Double.NEGATIVE_INFINITY) plain.addProperty("minimum", r.min());
            if (r.max() != Double.POSITIVE_INFINITY) plain.addProperty("maximum", r.max());
        }
        JsonObject sourced = new JsonObject();
        sourced.addProperty("type", "object");
        JsonObject props = new JsonObject();
        props.add("value", plain.deepCopy());
        JsonObject str = new JsonObject();
        str.addProperty("type", "string");
        props.add("source", str);
        props.add("note", str.deepCopy());
        sourced.add("properties", props);
        JsonArray req = new JsonArray();
        req.add("value");
        req.add("source");
        sourced.add("required", req);
        sourced.addProperty("additionalProperties", false);
        JsonArray any = new JsonArray();
        any.add(plain);
        any.add(sourced);
        return any;
    }
}
