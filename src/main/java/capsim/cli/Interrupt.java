package capsim.cli;

import capsim.report.ResultsFolder;
import java.io.PrintWriter;

/**
 * What Ctrl-C (SIGINT, or SIGTERM) says. The JVM runs its shutdown hooks and exits with 128 +
 * the signal, 130 for SIGINT: the shell's convention, documented as capsim's exit code for an
 * interruption. The hook ends the progress bar's line, drops a results folder that was still being
 * written, and prints one line: how to resume a batch, or that nothing was written. A command
 * that ends by itself says so first, and the hook stays silent.
 */
final class Interrupt {
    /** The exit code of an interrupted command (the JVM's for SIGINT). */
    static final int EXIT_INTERRUPTED = 130;

    private static volatile boolean finished;
    private static volatile boolean interrupting;
    private static volatile PrintWriter err;
    private static volatile ProgressBar bar;
    private static volatile String resume;
    private static volatile ResultsFolder writing;
    private static volatile java.nio.file.Path published;

    private Interrupt() {
    }

    /** Installs the hook (for the real process only: in-process tests exit by returning). */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(Interrupt::report, "capsim-interrupt"));
    }

    /** The command returned: an exit now is its own. */
    static void finished() {
        finished = true;
    }

    /** A batch runs in a resumable folder: an interruption says {@code resumeCommand}. */
    static void batch(PrintWriter errWriter, ProgressBar progress, String resumeCommand) {
        err = errWriter;
        bar = progress;
        resume = resumeCommand;
    }

    /** {@code folder} is being written: an interruption deletes it (it is not published yet). */
    static ResultsFolder writing(ResultsFolder folder) {
        writing = folder;
        return folder;
    }

    /** The results folder is in place: an interruption now only says where it is. */
    static java.nio.file.Path published(java.nio.file.Path dir) {
        writing = null;
        published = dir;
        return dir;
    }

    /** True once the hook runs: a write that fails because its folder was just dropped is no error to print. */
    static boolean interrupting() {
        return interrupting;
    }

    static void report() {
        if (finished) return;
        interrupting = true;
        PrintWriter w = err != null ? err : new PrintWriter(System.err, true);
        ProgressBar b = bar;
        if (b != null) b.interrupted();
        ResultsFolder f = writing;
        if (f != null) f.close();   // the staging folder of an unpublished results folder; best effort
        w.println(published != null && resume == null ? "capsim: interrupted; results in " + published : line(resume));
        w.flush();
    }

    /** The line an interruption prints. */
    static String line(String resumeCommand) {
        return resumeCommand != null ? "capsim: interrupted; resume with: " + resumeCommand
                : "capsim: interrupted; no results folder written";
    }
}
