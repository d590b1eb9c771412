package capsim.resource;

import capsim.measure.Unit;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A setting that moves a limit, typed: its kind (sysctl, qemu.conf, a systemd directive, ...), its
 * key, the unit it is written in and the model value that holds it (a record type and component).
 * Built from a model record's accessor marked {@link Tunable}; the experiment path of the value
 * is derived from the records by whoever binds them ({@code scenario.ExperimentPaths}), never
 * typed by hand.
 *
 * @param owner     the model record that holds the value (null for a constant)
 * @param component the record component that holds it ("aioMaxNr"; empty for a constant)
 */
public record Knob(KnobKind kind, String unitFile, String key, Unit unit, Class<? extends Record> owner, String component) {
    /** The same knob in another systemd unit (libvirtd's limits in virtqemud.service where the modular daemons run). */
    public Knob inUnit(String otherUnitFile) {
        return new Knob(kind, otherUnitFile, key, unit, owner, component);
    }

    /** A function that names a record component: {@code SysctlSpec::aioMaxNr}. */
    public interface Accessor<R extends Record, T> extends Function<R, T>, Serializable {
    }

    private static final Map<Class<?>, Knob> BY_ACCESSOR_CLASS = new ConcurrentHashMap<>();

    public Knob {
        Objects.requireNonNull(kind);
        if (kind == KnobKind.SYSTEMD && unitFile.isEmpty()) throw new IllegalArgumentException(key + ": a systemd directive needs its unit");
    }

    /** What nothing moves: a constant of the code ("BR_MAX_PORTS (...)"). */
    public static Knob constant(String description) {
        return new Knob(KnobKind.NONE, "", description, Unit.COUNT, null, "");
    }

    /** A threshold the experiment sets (a step's SLO): what the user asked for, not a limit of the host. */
    public static Knob slo(String description) {
        return new Knob(KnobKind.SLO, "", description, Unit.COUNT, null, "");
    }

    /** The knob a model value is: the component named by {@code accessor} must be marked {@link Tunable}. */
    public static <R extends Record> Knob of(Accessor<R, ?> accessor) {
        return BY_ACCESSOR_CLASS.computeIfAbsent(accessor.getClass(), c -> resolve(accessor));
    }

    private static Knob resolve(Accessor<?, ?> accessor) {
        SerializedLambda lambda = serialized(accessor);
        Class<?> owner;
        try {
            owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, Knob.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        String name = lambda.getImplMethodName();
        if (!owner.isRecord()) throw new IllegalArgumentException(owner.getName() + "::" + name + " is not a record accessor");
        for (RecordComponent c : owner.getRecordComponents()) {
            if (!c.getName().equals(name)) continue;
            Knob k = ofComponent(c);
            if (k == null) throw new IllegalArgumentException(owner.getSimpleName() + "." + name + " is not marked @Tunable");
            return k;
        }
        throw new IllegalArgumentException(owner.getName() + "::" + name + " is not a record component");
    }

    private static SerializedLambda serialized(Serializable lambda) {
        try {
            Method m = lambda.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return (SerializedLambda) m.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a method reference: " + lambda, e);
        }
    }

    /** The knob a record component is, when it is marked {@link Tunable}; null otherwise. */
    @SuppressWarnings("unchecked")
    public static Knob ofComponent(RecordComponent c) {
        Tunable t = c.getAnnotation(Tunable.class);
        if (t == null) return null;
        return new Knob(t.kind(), t.unitFile(), t.key(), t.unit(), (Class<? extends Record>) c.getDeclaringRecord(), c.getName());
    }

    /** True when a model value holds it (it has an experiment path). */
    public boolean hasValue() {
        return owner != null;
    }

    /** True when a setting moves it (not a constant of the code, not the experiment's own SLO). */
    public boolean tunable() {
        return kind != KnobKind.NONE && kind != KnobKind.SLO;
    }

    /** "sysctl fs.aio-max-nr", "libvirtd.service LimitNOFILE", "host RAM". */
    public String text() {
        return kind.text(unitFile, key);
    }
}
