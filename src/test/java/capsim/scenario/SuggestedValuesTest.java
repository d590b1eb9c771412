package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.resource.BreakingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The suggested-value contract: for every experiment file and every tunable breaking point with
 * an experiment path, re-running with {@code knobPath=suggestedKnobValue} no longer breaks on
 * that resource (another wall behind it may appear, and is named in the message). Each tunable
 * breaking point of the first run is set on its own; then the walls are walked: the first tunable
 * wall's value is set, the run repeated, and the next wall taken with the values before it kept.
 * A wall whose knob a hard limit caps ({@link #BEHIND_HARD_WALL}) must show that hard wall. Once
 * every wall is at its value, each value is also the least: one below it, its resource breaks
 * again (the suggestion is the peak of a run with the limits lifted, not a bound).
 */
class SuggestedValuesTest {
    static final String Q = "experiments/quickstart.json";

    /**
     * Experiments too slow to re-run once per wall at their own size, and the smaller size they are
     * re-run at (the same --set for the first run and every re-run).
     */
    static final Map<String, List<String>> SMALLER = Map.of();   // none so far: every file re-runs in well under a second

    /**
     * Configurations beside the files, for the mechanisms whose suggestion once counted only the
     * first refused unit: several aio contexts per guest, migrations beyond the port range, sessions
     * refused outright, guests refused their tasks under pid_max; and for the one that once
     * undershot: many starts in flight while refused ones free their slot at once.
     */
    static final List<List<String>> VARIANTS = List.of(
            List.of("experiments/f09-aio-max-nr.json", "guest.disks=2"),                            // an aio context per disk (QEMU < 2.7)
            List.of("experiments/f09-aio-max-nr-x86-debian12.json", "guest.iothreads=2"),           // an aio context per IOThread
            List.of("experiments/f17-migrate-65-concurrent.json", "steps[0].count=80"),
            List.of("experiments/f17-migrate-65-concurrent.json", "steps[0].count=90", "steps[0].concurrency=70"),
            List.of("experiments/f18-ssh-fanout-20-sessions.json", "steps[0].sessions=30", "steps[0].retryRefused=false"),
            List.of("experiments/f18-ssh-fanout-20-sessions.json", "steps[0].sessions=25", "steps[0].connections=2"),
            List.of("experiments/f12-processes.json", "stack.libvirt.daemonNproc=1000000", "host.sysctl.pidMax=20000"),
            List.of("experiments/f16-arenas-x86-debian12.json", "host.sysctl.overcommitMemory=0", "host.sysctl.pidMax=5000"),
            // the other limits a start takes, each planted low on the quickstart
            List.of(Q, "host.sysctl.fileMax=5000"),
            List.of(Q, "guest.disks=20", "host.sysctl.fileMax=20000"),
            List.of(Q, "host.sysctl.threadsMax=2000"),
            List.of(Q, "stack.libvirt.qemuMaxProcesses=1000"),
            List.of(Q, "stack.libvirt.qemuTasksInDaemonCgroup=true", "stack.libvirt.daemonTasksMax=1500"),
            List.of(Q, "host.sysctl.ptyMax=200"),
            List.of(Q, "host.sysctl.maxMapCount=300"),
            List.of(Q, "host.sysctl.nrOpen=1000"),
            List.of(Q, "guest.ioDepth=32", "host.sysctl.threadsMax=5000"),
            List.of(Q, "guest.aio=native", "guest.iothreads=2", "host.sysctl.aioMaxNr=20000"),
            List.of(Q, "guest.disks=20", "stack.libvirt.qemuMaxFiles=60"),
            // 64 starts in flight, each holding libvirtd's transient fds while refused starts give back their slot at once
            List.of("experiments/bench/benchmark-density.json", "steps[0].count=5000", "steps[1].count=5000"),
            List.of("experiments/bench/benchmark-density.json", "steps[0].count=3000", "steps[1].count=3000", "stack.libvirt.daemonNofile=4000"));

    /**
     * Walls a knob does not move because a hard limit caps what it sets: the resource and the hard
     * wall that must be present in the re-run.
     */
    static final Map<String, List<String>> BEHIND_HARD_WALL = Map.of(
            // the s390 large-RAM bug caps usable RAM whatever host.ramGiB says
            "f20-host-ram-above-1tb.json", List.of("host.memory", "host.ram-ceiling"));

    static final int MAX_WALLS = 8;

    /** The first breaking point (in time) that a knob value set through an experiment path moves. */
    static BreakingPoint firstTunable(RunResult r) {
        for (BreakingPoint bp : r.breakingPoints()) if (bp.tunable() && !ExperimentPaths.of(bp).isEmpty()) return bp;
        return null;
    }

    @Test
    void everySuggestedKnobValueLetsThatResourceThrough() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("experiment.schema.json"))
                    .sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        int minimal = 0;
        List<List<String>> cases = new ArrayList<>();
        for (Path f : files) {
            List<String> c = new ArrayList<>(List.of(f.toString()));
            c.addAll(SMALLER.getOrDefault(f.getFileName().toString(), List.of()));
            cases.add(c);
        }
        cases.addAll(VARIANTS);
        for (List<String> c : cases) {
            String file = c.get(0);
            String name = Path.of(file).getFileName().toString();
            List<String> sets = new ArrayList<>(c.subList(1, c.size()));
            long t0 = System.nanoTime();
            RunResult r = TestRuns.run(file, sets.toArray(String[]::new));
            // each tunable breaking point of the first run on its own: its value alone lets its resource through
            for (BreakingPoint bp : r.breakingPoints()) {
                if (!bp.tunable() || ExperimentPaths.of(bp).isEmpty() || bp == firstTunable(r)) continue;
                String set = ExperimentPaths.of(bp) + "=" + bp.suggestedKnobValue();
                List<String> alone = new ArrayList<>(sets);
                alone.add(set);
                RunResult again = TestRuns.run(file, alone.toArray(String[]::new));
                checked++;
                BreakingPoint still = TestRuns.breakingPoint(again, bp.resource());
                if (still != null) problems.add(name + " with " + alone + " (alone): " + bp.resource() + " still breaks: limit "
                        + still.limit() + ", demand " + still.demand() + ", suggests " + still.suggestedKnobValue());
            }
            List<String> walls = new ArrayList<>();
            List<BreakingPoint> walked = new ArrayList<>();
            boolean capped = false;
            // walk the walls: set the first tunable wall's value, re-run, check it holds, go on to the next
            for (int step = 0; step < MAX_WALLS; step++) {
                BreakingPoint bp = firstTunable(r);
                if (bp == null) break;
                String set = ExperimentPaths.of(bp) + "=" + bp.suggestedKnobValue();
                sets.add(set);
                RunResult again = TestRuns.run(file, sets.toArray(String[]::new));
                checked++;
                walls.add(set);
                walked.add(bp);
                BreakingPoint still = TestRuns.breakingPoint(again, bp.resource());
                List<String> hard = BEHIND_HARD_WALL.get(name);
                if (still != null && hard != null && hard.get(0).equals(bp.resource())) {
                    assertEquals(bp.limit(), still.limit(), name + ": " + set + " does not move " + bp.resource() + " past " + hard.get(1));
                    assertNotNull(TestRuns.breakingPoint(again, hard.get(1)), name + ": " + bp.resource() + " is capped by " + hard.get(1));
                    walls.add("(" + bp.resource() + " capped by " + hard.get(1) + ")");
                    capped = true;
                    break;
                }
                if (still != null) {
                    problems.add(name + " with " + sets + ": " + bp.resource() + " (limit " + bp.limit()
                            + ", suggested " + bp.suggested() + " " + bp.unit() + ") still breaks: limit " + still.limit()
                            + ", demand " + still.demand() + ", suggests " + still.suggested() + " (" + ExperimentPaths.of(still) + "="
                            + still.suggestedKnobValue() + "); started " + (long) again.metric("guests.started") + " of "
                            + (long) (again.metric("guests.started") + again.metric("guests.failed")));
                    capped = true;
                    break;
                }
                r = again;
            }
            // with every wall at its value, each value is also the least: one below it, its resource breaks again
            if (!capped && firstTunable(r) == null) {
                Map<String, BreakingPoint> lastPerPath = new java.util.LinkedHashMap<>();
                for (BreakingPoint bp : walked) lastPerPath.put(ExperimentPaths.of(bp), bp);
                for (BreakingPoint bp : lastPerPath.values()) {
                    if (bp.slo()) continue;   // a time objective is met or not: no least value to check
                    String path = ExperimentPaths.of(bp);
                    List<String> below = new ArrayList<>(sets.stream().filter(x -> !x.startsWith(path + "=")).toList());
                    below.add(path + "=" + (bp.suggestedKnobValue() - 1));
                    RunResult under = TestRuns.run(file, below.toArray(String[]::new));
                    minimal++;
                    if (TestRuns.breakingPoint(under, bp.resource()) == null) {
                        problems.add(name + " with " + below + ": " + bp.resource() + " does not break one below its suggested "
                                + bp.suggestedKnobValue() + ": the suggestion is more than the workload needs");
                    }
                }
            }
            System.out.printf("%s %s: walls %s, left %s, %.2fs%n", name, c.subList(1, c.size()), walls,
                    r.breakingPoints().stream().map(b -> b.resource() + (b.tunable() ? "" : "(hard)")).toList(), (System.nanoTime() - t0) / 1e9);
        }
        assertTrue(checked >= 35, "checked only " + checked + " suggestions");
        assertTrue(minimal >= 45, "checked only " + minimal + " suggestions for being the least");
        assertTrue(problems.isEmpty(), problems.size() + " suggestions do not let their resource through:\n" + String.join("\n", problems));
    }
}
