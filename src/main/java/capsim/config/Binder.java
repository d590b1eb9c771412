package capsim.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a JSON tree to records, strictly: an unknown key names its path and the closest valid
 * key; a missing required key, a wrong type or an out-of-range number names the path and what
 * is allowed. Every error carries the file and line from the tree's {@link Origin}s.
 *
 * <p>Supported field types: int, long, double, boolean, String, enums (written in lower case
 * with dashes), {@code List<T>}, {@code Map<String,T>}, records, and sealed interfaces whose
 * permitted records carry {@link Kind} (selected by a {@code "kind"} key). Any number may be
 * written as {@code {"value": n, "source": "..."}}. The keys {@code source}, {@code note} and
 * {@code $schema} are allowed in every object and ignored.
 */
public final class Binder {
    /** Keys accepted in every object for provenance and comments. */
    public static final List<String> FREE_KEYS = List.of("source", "note", "$schema");

    private final Map<String, Origin> origins;
    private final String defaultFile;
    private final Map<Class<?>, Map<String, Class<?>>> registered = new LinkedHashMap<>();

    public Binder(Map<String, Origin> origins, String defaultFile) {
        this.origins = origins;
        this.defaultFile = defaultFile;
    }

    /**
     * Binds fields of the (open) interface {@code iface} to one of {@code records}, each with a
     * {@link Kind}, selected by a {@code "kind"} key as for a sealed interface.
     */
    public Binder withKinds(Class<?> iface, List<? extends Class<?>> records) {
        registered.put(iface, kinds(iface, records));
        return this;
    }

    public <T> T bind(JsonElement e, Class<T> type) {
        return type.cast(bindValue(e, type, "", null));
    }

    private InputException error(String path, String problem) {
        Origin o = origins.get(path);
        // an added key has no origin; report its nearest ancestor's
        String p = path;
        while (o == null && !p.isEmpty()) {
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
            o = origins.get(p);
        }
        if (o == null) return new InputException(defaultFile, path.isEmpty() ? "(root)" : path, 0, problem);
        return o.error(path.isEmpty() ? "(root)" : path, problem);
    }

    private Object bindValue(JsonElement e, Type type, String path, RecordComponent rc) {
        if (e != null && Sourced.isSourced(e)) e = e.getAsJsonObject().get("value");
        Class<?> raw = rawClass(type);
        if (e == null) return null;
        if (e.isJsonNull()) {
            // null is no value capsim takes: a later step would trip over it; leaving the key out gives its default
            if (raw == JsonElement.class) return e;
            Default d = rc == null ? null : rc.getAnnotation(Default.class);
            throw error(path, "null is not a value here; expected " + kindName(raw)
                    + (d == null ? "" : d.value().equals("null") ? " (or leave the key out)" : " (or leave the key out for its default " + d.value() + ")"));
        }
        if (raw == int.class || raw == Integer.class) return (int) integer(e, path, rc, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (raw == long.class || raw == Long.class) return integer(e, path, rc, Long.MIN_VALUE, Long.MAX_VALUE);
        if (raw == double.class || raw == Double.class) return number(e, path, rc);
        if (raw == boolean.class || raw == Boolean.class) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw error(path, "expected true or false, found " + describe(e));
            }
            return e.getAsBoolean();
        }
        if (raw == String.class) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(path, "expected a string, found " + describe(e));
            }
            return e.getAsString();
        }
        if (raw.isEnum()) return enumValue(e, raw, path);
        if (raw == List.class) {
            if (!e.isJsonArray()) throw error(path, "expected a list, found " + describe(e));
            Type elem = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (JsonElement item : e.getAsJsonArray()) {
                out.add(bindValue(item, elem, JsonPaths.index(path, i++), null));
            }
            if (rc != null) checkRange(out.size(), path, rc, "list length");
            return Collections.unmodifiableList(out);
        }
        if (raw == Map.class) {
            if (!e.isJsonObject()) throw error(path, "expected an object, found " + describe(e));
            Type val = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                out.put(m.getKey(), bindValue(m.getValue(), val, JsonPaths.child(path, m.getKey()), null));
            }
            return Collections.unmodifiableMap(out);
        }
        if (raw.isInterface() && (raw.isSealed() || registered.containsKey(raw))) return bindSealed(e, raw, path);
        if (raw.isRecord()) return bindRecord(e, raw, path, null);
        if (raw == JsonElement.class || raw == JsonObject.class) return e;
        throw new IllegalStateException("unsupported field type " + type + " at " + path);
    }

    private Object bindSealed(JsonElement e, Class<?> iface, String path) {
        if (!e.isJsonObject()) throw error(path, "expected an object with a \"kind\", found " + describe(e));
        JsonObject o = e.getAsJsonObject();
        Map<String, Class<?>> kinds = registered.containsKey(iface) ? registered.get(iface) : kinds(iface);
        JsonElement k = o.get("kind");
        if (k == null || !k.isJsonPrimitive() || !k.getAsJsonPrimitive().isString()) {
            throw error(path, "missing \"kind\"; one of " + kinds.keySet());
        }
        Class<?> sub = kinds.get(k.getAsString());
        if (sub == null) {
            throw error(JsonPaths.child(path, "kind"), "unknown kind \"" + k.getAsString() + "\""
                    + suggestion(k.getAsString(), kinds.keySet()) + "; one of " + kinds.keySet());
        }
        return bindRecord(e, sub, path, "kind");
    }

    /** The permitted records of a sealed interface by their {@link Kind} names, in declaration order. */
    public static Map<String, Class<?>> kinds(Class<?> iface) {
        return kinds(iface, Arrays.asList(iface.getPermittedSubclasses()));
    }

    /** Records implementing {@code iface} by their {@link Kind} names, in the order given; a name may be used once. */
    public static Map<String, Class<?>> kinds(Class<?> iface, List<? extends Class<?>> records) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (Class<?> c : records) {
            Kind kind = c.getAnnotation(Kind.class);
            if (kind == null) throw new IllegalStateException(c + " needs @Kind");
            if (!c.isRecord() || !iface.isAssignableFrom(c)) throw new IllegalStateException(c + " is not a record implementing " + iface.getName());
            Class<?> was = out.put(kind.value(), c);
            if (was != null) throw new IllegalStateException("kind \"" + kind.value() + "\" is both " + was.getName() + " and " + c.getName());
        }
        return out;
    }

    private Object bindRecord(JsonElement e, Class<?> type, String path, String discriminator) {
        if (!e.isJsonObject()) throw error(path, "expected an object, found " + describe(e));
        JsonObject o = e.getAsJsonObject();
        RecordComponent[] comps = type.getRecordComponents();
        Set<String> names = new TreeSet<>();
        for (RecordComponent c : comps) names.add(c.getName());
        for (String key : o.keySet()) {
            if (FREE_KEYS.contains(key) && !names.contains(key)) {
                JsonElement free = o.get(key);
                if (!free.isJsonPrimitive() || !free.getAsJsonPrimitive().isString()) {
                    throw error(JsonPaths.child(path, key), "\"" + key + "\" takes a text, found " + describe(free));
                }
                continue;
            }
            if (names.contains(key) || key.equals(discriminator)) continue;
            throw error(JsonPaths.child(path, key), "unknown key \"" + key + "\"" + suggestion(key, names)
                    + "; valid keys: " + String.join(", ", names));
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            String childPath = JsonPaths.child(path, c.getName());
            JsonElement v = o.get(c.getName());
            if (v == null) {
                Default d = c.getAnnotation(Default.class);
                if (d == null) {
                    throw error(path, "missing required key \"" + c.getName() + "\"" + docOf(c));
                }
                v = JsonParser.parseString(d.value());
                // a default of null (an optional value that is unset) is not the user's null
                if (v.isJsonNull() && !c.getType().isPrimitive()) {
                    args[i] = null;
                    continue;
                }
            }
            args[i] = bindValue(v, c.getGenericType(), childPath, c);
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException ite) {
            Throwable cause = ite.getCause();
            if (cause instanceof InputException ie) throw ie;
            if (cause instanceof IllegalArgumentException iae) throw error(path, iae.getMessage());
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException roe) {
            throw new IllegalStateException(roe);
        }
    }

    private static String docOf(RecordComponent c) {
        Doc d = c.getAnnotation(Doc.class);
        return d == null ? "" : " (" + d.value() + ")";
    }

    private long integer(JsonElement e, String path, RecordComponent rc, long lo, long hi) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(path, "expected a whole number, found " + describe(e));
        }
        BigDecimal bd;
        try {
            bd = new BigDecimal(e.getAsString());
        } catch (NumberFormatException nfe) {
            throw error(path, "not a number: " + e.getAsString());
        }
        if (bd.stripTrailingZeros().scale() > 0) throw error(path, "expected a whole number, found " + e.getAsString());
        // a range says more than "does not fit": 1e10 replications is over the quota, not too big for Java
        if (rc != null && rc.getAnnotation(Range.class) != null && bd.abs().compareTo(BigDecimal.valueOf(1e18)) < 0) checkRange(bd.doubleValue(), path, rc, "value");
        if (bd.compareTo(BigDecimal.valueOf(lo)) < 0 || bd.compareTo(BigDecimal.valueOf(hi)) > 0) {
            throw error(path, e.getAsString() + " does not fit in " + (hi == Integer.MAX_VALUE ? "an int" : "a long"));
        }
        long v = bd.longValueExact();
        if (rc != null) checkRange(v, path, rc, "value");
        return v;
    }

    private double number(JsonElement e, String path, RecordComponent rc) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(path, "expected a number, found " + describe(e));
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) throw error(path, "expected a finite number, found " + e.getAsString());
        if (rc != null) checkRange(v, path, rc, "value");
        return v;
    }

    private void checkRange(double v, String path, RecordComponent rc, String what) {
        Range r = rc.getAnnotation(Range.class);
        if (r == null) return;
        if (v < r.min() || v > r.max()) {
            throw error(path, what + " " + fmt(v) + " is out of range; allowed " + fmt(r.min()) + " .. " + fmt(r.max())
                    + (v > r.max() && !r.why().isEmpty() ? " (" + r.why() + ")" : ""));
        }
    }

    static String fmt(double d) {
        if (d == Double.POSITIVE_INFINITY) return "∞";
        if (d == Double.NEGATIVE_INFINITY) return "-∞";
        if (d == Math.rint(d) && Math.abs(d) < 1e18) return Long.toString((long) d);
        return Double.toString(d);
    }

    private Object enumValue(JsonElement e, Class<?> raw, String path) {
        List<String> allowed = new ArrayList<>();
        for (Object c : raw.getEnumConstants()) allowed.add(enumName((Enum<?>) c));
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(path, "expected one of " + allowed + ", found " + describe(e));
        }
        String s = e.getAsString();
        for (Object c : raw.getEnumConstants()) {
            if (enumName((Enum<?>) c).equals(s)) return c;
        }
        throw error(path, "\"" + s + "\" is not allowed" + suggestion(s, allowed) + "; one of " + allowed);
    }

    /** JSON spelling of an enum constant: lower case, dashes for underscores. */
    public static String enumName(Enum<?> c) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException("unsupported type " + t);
    }

    /** What a value of {@code c} is, in a user's words (not a Java type name). */
    private static String kindName(Class<?> c) {
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) return "a whole number";
        if (c == double.class || c == Double.class) return "a number";
        if (c == boolean.class || c == Boolean.class) return "true or false";
        if (c == String.class) return "a text";
        if (c == List.class) return "a list";
        if (c.isEnum()) return "one of the names this key takes";
        return "an object";
    }

    private static String describe(JsonElement e) {
        if (e.isJsonObject()) return "an object";
        if (e.isJsonArray()) return "a list";
        if (e.isJsonNull()) return "null";
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isString()) return "the string \"" + p.getAsString() + "\"";
        if (p.isBoolean()) return p.getAsString();
        return "the number " + p.getAsString();
    }

    /** "; did you mean "x"?" for the closest candidate within a small edit distance, else "". */
    public static String suggestion(String key, Iterable<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        if (best == null || bestD > Math.max(2, key.length() / 3)) return "";
        return "; did you mean \"" + best + "\"?";
    }

    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static List<RecordComponent> components(Class<?> type) {
        return Arrays.asList(type.getRecordComponents());
    }
}
