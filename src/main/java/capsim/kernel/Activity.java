package capsim.kernel;

/**
 * A sequential activity written as a state machine instead of a thread: a guest start is a
 * chain of steps that wait for delays and resources. {@link #resume(int)} is called with the
 * step number to run; a step ends by scheduling the next one ({@link #resumeAfter}) or by handing
 * itself to a resource that resumes it later. One object per activity, no allocation per step.
 */
public abstract class Activity implements EventHandler {
    protected final Simulation sim;

    protected Activity(Simulation sim) {
        this.sim = sim;
    }

    /** Runs step {@code step} of the activity. */
    protected abstract void resume(int step);

    @Override
    public final void onEvent(int step) {
        resume(step);
    }

    /** Starts the activity at step 0, now (through the event list, so starts stay FIFO). */
    public void start() {
        sim.schedule(0, this, 0);
    }

    /** Continues with {@code step} after {@code delayNs}. */
    protected final long resumeAfter(long delayNs, int step) {
        return sim.schedule(delayNs, this, step);
    }
}
