package capsim.cli;

import capsim.experiment.BatchRunner;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr. On a terminal a one-line bar ("[#####.....] 12/50 runs, 0:23 left"),
 * redrawn at most ten times a second. Otherwise (a log, a CI job, a pipe) plain lines that a
 * file keeps readable: one each time another tenth is done, or after a minute without one.
 */
final class ProgressBar implements BatchRunner.Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NS = 100_000_000L;
    private static final long LINE_EVERY_NS = 60_000_000_000L;
    private final PrintWriter err;
    private final String what;
    private final String label;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private long lastDraw;
    private int firstDone = -1;
    private int lastTenth = -1;
    private int lastDone = -1;
    private boolean drawn;
    private boolean stopped;

    /**
     * @param label    what starts a plain line ("capsim sweep")
     * @param terminal a redrawn bar; else plain lines
     * @param clock    nanoseconds (System::nanoTime; a fake one in tests)
     */
    ProgressBar(PrintWriter err, String what, String label, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.what = what;
        this.label = label;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastDraw = started - (terminal ? REDRAW_NS : 0);   // a bar draws at once; a line waits for progress
    }

    /** A bar on a terminal, plain lines elsewhere; null with --quiet. */
    static ProgressBar forStderr(PrintWriter err, boolean quiet, String what, String label) {
        return quiet ? null : new ProgressBar(err, what, label, isTerminal(), System::nanoTime);
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
        if (stopped) return;
        long now = clock.getAsLong();
        if (firstDone < 0) firstDone = done;
        int tenth = total == 0 ? 10 : (int) (10L * done / total);
        if (terminal) {
            if (done < total && now - lastDraw < REDRAW_NS) return;
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
            err.printf(Locale.ROOT, "\r[%s%s] %,d/%,d %s%s   ", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, what, eta(now, done, total));
            drawn = true;
        } else {
            // the first call says where a resumed batch starts; then a line per tenth or per minute
            boolean first = lastTenth < 0;
            boolean due = tenth > lastTenth || (now - lastDraw >= LINE_EVERY_NS && done > lastDone);
            lastTenth = Math.max(lastTenth, tenth);
            if (first && tenth == 0 || !due) return;
            err.printf(Locale.ROOT, "%s: %,d/%,d %s (%d %%)%s%n", label, done, total, what, total == 0 ? 100 : 100L * done / total,
                    eta(now, done, total));
            lastDone = done;
        }
        lastDraw = now;
        err.flush();
    }

    private String eta(long now, int done, int total) {
        int ranNow = done - firstDone;
        if (ranNow <= 0 || done >= total) return "";
        double perRun = (now - started) / 1e9 / ranNow;
        long left = Math.round(perRun * (total - done));
        return String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60);
    }

    /** Ends the bar's line (the next output starts on a fresh one). */
    synchronized void finish() {
        if (drawn) {
            err.print("\n");
            err.flush();
        }
        drawn = false;
    }

    /** Ctrl-C: the bar's line is ended and nothing more is drawn. */
    synchronized void interrupted() {
        finish();
        stopped = true;
    }
}
