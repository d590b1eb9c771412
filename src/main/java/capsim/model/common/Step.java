package capsim.model.common;

/**
 * One step of an experiment's workload; steps run one after the other. A step kind is one record
 * beside the part of the host it drives: its fields are the JSON the loader binds (selected by
 * its {@code @Kind}), its {@link #check} is its validation against the steps before it, and its
 * {@link #run} drives the host. The scenario lists the kinds in its {@code StepKinds} registry.
 */
public interface Step {
    /** Runs the step; calls {@code next} (once) when it is done. */
    void run(StepContext ctx, Runnable next);

    /** Checks what binding alone cannot, against the steps before it; default: nothing. */
    default void check(StepCheck check) {
    }

    /**
     * Roughly how much simulation work this step is, in operations on guests or devices (a start
     * realizes each device): what a sweep split into shards balances. Only ratios between runs
     * matter; default: one.
     */
    default double expectedWork(GuestTemplate guest) {
        return 1;
    }
}
