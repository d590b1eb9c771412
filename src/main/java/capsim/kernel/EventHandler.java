package capsim.kernel;

/**
 * Receives an event. The {@code data} word lets one handler object serve many events
 * (a step number of an {@link Activity}, a guest index, a device index) without allocating
 * a closure per event.
 */
@FunctionalInterface
public interface EventHandler {
    void onEvent(int data);
}
