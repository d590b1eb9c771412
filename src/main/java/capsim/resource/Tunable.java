package capsim.resource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a model-file value as the knob a real system sets: the sysctl, configuration key or
 * systemd directive it is, and its unit. One declaration per knob: a limit refers to the value
 * by its accessor ({@link Knob#of}), the experiment path is derived from where the value sits in
 * the model records, host detection reads it from the running system by its key, and a tuning
 * plan writes it in its file.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface Tunable {
    KnobKind kind();

    /** "fs.aio-max-nr", "max_files", "LimitNOFILE", "MALLOC_ARENA_MAX", "MaxSessions", "host RAM" */
    String key();

    /** the systemd unit of a {@link KnobKind#SYSTEMD} directive ("libvirtd.service") */
    String unitFile() default "";

    /** the unit the knob is written in */
    capsim.measure.Unit unit() default capsim.measure.Unit.COUNT;
}
