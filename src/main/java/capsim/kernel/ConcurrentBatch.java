package capsim.kernel;


/**
 * Runs {@code total} operations with at most {@code concurrency} in flight, like a script that
 * keeps N {@code virsh start} calls going ({@code xargs -P N}), or in waves: N at once, then wait
 * for all N before the next N (a shell loop with {@code &} and {@code wait}). Each operation is
 * launched with a completion handler; when the last completes, {@code allDone} runs.
 */
public final class ConcurrentBatch implements EventHandler {
    /** Launches operation {@code index}; it must call {@code done.onEvent(index)} when finished. */
    public interface Launcher {
        void launch(int index, EventHandler done);
    }

    private final int total;
    private final int concurrency;
    private final boolean waves;
    private final Launcher launcher;
    private final Runnable allDone;
    private int launched;
    private int finished;

    public ConcurrentBatch(int total, int concurrency, Launcher launcher, Runnable allDone) {
        this(total, concurrency, false, launcher, allDone);
    }

    public ConcurrentBatch(int total, int concurrency, boolean waves, Launcher launcher, Runnable allDone) {
        this.total = total;
        this.concurrency = concurrency;
        this.waves = waves;
        this.launcher = launcher;
        this.allDone = allDone;
    }

    public void start() {
        if (total == 0) {
            allDone.run();
            return;
        }
        launchUpTo(Math.min(total, concurrency));
    }

    private void launchUpTo(int n) {
        while (launched < n) launcher.launch(launched++, this);
    }

    @Override
    public void onEvent(int index) {
        finished++;
        if (finished == total) {
            allDone.run();
        } else if (!waves) {
            if (launched < total) launcher.launch(launched++, this);
        } else if (finished == launched) {
            launchUpTo(Math.min(total, launched + concurrency));
        }
    }
}
