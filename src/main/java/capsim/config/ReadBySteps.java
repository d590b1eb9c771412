package capsim.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A model number that only steps of these kinds read (by their {@code "kind"} names): in an
 * experiment without such a step it cannot move anything, so an analysis that moves numbers one
 * at a time (sensitivity) leaves it out there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ReadBySteps {
    String[] value();
}
