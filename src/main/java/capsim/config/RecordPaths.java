package capsim.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each record type sits in a document bound from a root record: every record reached
 * through record components, by its JSON path ("host.sysctl" is a SysctlSpec in an experiment).
 * Derived from the record declarations, so a path is never typed by hand. A record type that
 * sits at two places is ambiguous and refused when its path is asked for.
 */
public final class RecordPaths {
    private static final ClassValue<RecordPaths> OF = new ClassValue<>() {
        @Override
        protected RecordPaths computeValue(Class<?> root) {
            return new RecordPaths(root);
        }
    };

    private final Map<Class<?>, String> paths = new HashMap<>();
    private final Map<Class<?>, String> ambiguous = new HashMap<>();

    /** The paths below a root record type (cached per type). */
    public static RecordPaths of(Class<? extends Record> root) {
        return OF.get(root);
    }

    private RecordPaths(Class<?> root) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (RecordComponent rc : root.getRecordComponents()) {
            if (rc.getType().isRecord() && add(rc.getType(), rc.getName())) todo.add(rc.getType());
        }
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            for (RecordComponent rc : c.getRecordComponents()) {
                if (!rc.getType().isRecord()) continue;
                if (add(rc.getType(), paths.get(c) + "." + rc.getName())) todo.add(rc.getType());
            }
        }
    }

    private boolean add(Class<?> type, String path) {
        String was = paths.putIfAbsent(type, path);
        if (was != null && !was.equals(path)) ambiguous.put(type, was + " and " + path);
        return was == null;
    }

    /** The path of a record type ("host.sysctl"). */
    public String pathOf(Class<?> record) {
        if (ambiguous.containsKey(record)) throw new IllegalStateException(record.getSimpleName() + " sits at " + ambiguous.get(record));
        String p = paths.get(record);
        if (p == null) throw new IllegalArgumentException(record.getName() + " is not part of the document");
        return p;
    }

    /** The path of a record's component ("host.sysctl.aioMaxNr"). */
    public String pathOf(Class<?> record, String component) {
        return pathOf(record) + "." + component;
    }
}
