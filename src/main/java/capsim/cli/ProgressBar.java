package capsim.cli;

import capsim.experiment.BatchRunner;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A one-line progress bar on stderr ("[#####.....] 12/50 runs, 0:23 left"), redrawn at most ten
 * times a second. Only when stderr is a terminal: piped or redirected output stays clean.
 */
final class ProgressBar implements BatchRunner.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String what;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int firstDone = -1;
    private boolean drawn;

    ProgressBar(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    /** A bar when stderr is a terminal and not quiet; else null (no progress output). */
    static ProgressBar forTerminal(PrintWriter err, boolean quiet, String what) {
        return !quiet && isTerminal() ? new ProgressBar(err, what) : null;
    }

    /** True when the process has a console; on JDK 22+ also that it is a real terminal. */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;   // before JDK 22 a console exists only for a terminal
        }
    }

    @Override
    public synchronized void update(int done, int total) {
        if (firstDone < 0) firstDone = done;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String eta = "";
        int ranNow = done - firstDone;
        if (ranNow > 0 && done < total) {
            double perRun = (now - started) / 1e9 / ranNow;
            long left = Math.round(perRun * (total - done));
            eta = String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60);
        }
        err.printf(Locale.ROOT, "\r[%s%s] %,d/%,d %s%s   ", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, what, eta);
        drawn = true;
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.print("\n");
            err.flush();
        }
    }
}
