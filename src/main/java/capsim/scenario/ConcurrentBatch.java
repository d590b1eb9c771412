package capsim.scenario;

import capsim.kernel.EventHandler;

/**
 * Runs {@code total} operations with at most {@code concurrency} in flight, like a script that
 * keeps N {@code virsh start} calls going. Each operation is launched with a completion handler;
 * when the last completes, {@code allDone} runs.
 */
final class ConcurrentBatch implements EventHandler {
    /** Launches operation {@code index}; it must call {@code done.onEvent(index)} when finished. */
    interface Launcher {
        void launch(int index, EventHandler done);
    }

    private final int total;
    private final Launcher launcher;
    private final Runnable allDone;
    private int launched;
    private int finished;

    ConcurrentBatch(int total, int concurrency, Launcher launcher, Runnable allDone) {
        this.total = total;
        this.launcher = launcher;
        this.allDone = allDone;
        this.initial = Math.min(total, concurrency);
    }

    private final int initial;

    void start() {
        if (total == 0) {
            allDone.run();
            return;
        }
        for (int i = 0; i < initial; i++) launcher.launch(launched++, this);
    }

    @Override
    public void onEvent(int index) {
        finished++;
        if (launched < total) launcher.launch(launched++, this);
        else if (finished == total) allDone.run();
    }
}
