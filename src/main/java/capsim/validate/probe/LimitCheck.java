package capsim.validate.probe;

/**
 * A hard limit found by a probe against the model's: the largest count that worked (ports on a
 * bridge, devices on a bus). {@code reached} is false when the probe stopped at its cap before
 * the system refused; then only a lower bound was measured.
 */
public record LimitCheck(String probe, String group, String what, long predicted, long measured,
                         boolean reached, String refusal) {

    public boolean passes() {
        return reached && predicted == measured;
    }

    public String verdict() {
        if (!reached) return "not reached (cap " + measured + ")";
        return passes() ? "pass" : "FAIL";
    }
}
