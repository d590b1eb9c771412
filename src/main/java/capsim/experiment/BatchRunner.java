package capsim.experiment;

import capsim.scenario.Experiment;
import capsim.scenario.ExperimentRunner;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every case of a {@link BatchPlan} on a pool of threads and appends each finished run to a
 * {@link BatchJournal} (one JSON line, flushed), so an interrupted batch loses at most the runs in flight and
 * a second call with the same journal runs only what is missing. Results come back in case
 * order: they do not depend on the number of threads or on where the batch was interrupted.
 */
public final class BatchRunner {
    /** Told after each finished run. */
    public interface Progress {
        void update(int done, int total);
    }

    /** The records of every finished case (in case order), how many ran now, and whether all are there. */
    public record Result(List<RunRecord> records, int executed, int resumed, boolean complete) {
    }

    private final BatchPlan plan;
    private final Experiment[] experiments;
    private final Path journal;
    private final int jobs;
    private final Progress progress;
    private final int stopAfter;
    private final BitSet runs;

    /**
     * @param experiments the loaded experiment of each (point, variant), at {@code point × variants + variant}
     * @param stopAfter   stop after this many runs (0: run all); simulates an interruption in tests
     */
    public BatchRunner(BatchPlan plan, Experiment[] experiments, Path journal, int jobs, Progress progress, int stopAfter) {
        this(plan, experiments, null, journal, jobs, progress, stopAfter);
    }

    /** @param runs the cases to run (a shard's), or null for all of them */
    public BatchRunner(BatchPlan plan, Experiment[] experiments, BitSet runs, Path journal, int jobs, Progress progress, int stopAfter) {
        this.runs = runs;
        this.plan = plan;
        this.experiments = experiments.clone();
        this.journal = journal;
        this.jobs = Math.max(1, jobs);
        this.progress = progress;
        this.stopAfter = stopAfter;
    }

    public Result run() throws IOException, InterruptedException {
        int all = plan.caseCount();
        BitSet mine = runs;
        if (mine == null) {
            mine = new BitSet(all);
            mine.set(0, all);
        }
        int total = mine.cardinality();
        List<RunRecord> records = new ArrayList<>(BatchJournal.read(journal, all, mine));
        BitSet done = new BitSet(all);
        for (RunRecord r : records) done.set(r.index());
        int resumed = records.size();
        List<Integer> pending = new ArrayList<>();
        for (int i = mine.nextSetBit(0); i >= 0; i = mine.nextSetBit(i + 1)) if (!done.get(i)) pending.add(i);

        AtomicInteger finished = new AtomicInteger(resumed);
        AtomicInteger executed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean(false);
        List<RunRecord> fresh = java.util.Collections.synchronizedList(new ArrayList<>());
        if (progress != null) progress.update(resumed, total);
        if (!pending.isEmpty()) {
            try (Writer w = BatchJournal.appender(journal)) {
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, pending.size()), r -> {
                    Thread t = new Thread(r, "capsim-batch");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    List<Future<?>> futures = new ArrayList<>();
                    for (int index : pending) {
                        futures.add(pool.submit(() -> {
                            if (stop.get()) return null;
                            BatchPlan.Case c = plan.caseAt(index);
                            Experiment e = experiments[c.point() * plan.variants().size() + c.variant()];
                            RunRecord rec = RunRecord.of(c, ExperimentRunner.runSummary(e, c.seed()));
                            String line = BatchJournal.line(rec);
                            synchronized (w) {
                                if (stop.get()) return null;
                                w.write(line);
                                w.flush();
                                fresh.add(rec);
                                int n = executed.incrementAndGet();
                                if (stopAfter > 0 && n >= stopAfter) stop.set(true);
                            }
                            if (progress != null) progress.update(finished.incrementAndGet(), total);
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) {
                        try {
                            f.get();
                        } catch (ExecutionException ex) {
                            stop.set(true);
                            Throwable cause = ex.getCause();
                            if (cause instanceof IOException io) throw io;
                            if (cause instanceof RuntimeException re) throw re;
                            throw new IllegalStateException(cause);
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
        records.addAll(fresh);
        records.sort(Comparator.comparingInt(RunRecord::index));
        return new Result(List.copyOf(records), executed.get(), resumed, records.size() == total);
    }
}
