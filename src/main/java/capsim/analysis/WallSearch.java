package capsim.analysis;

import capsim.scenario.ExperimentPaths;
import capsim.experiment.ExperimentBuilder;
import capsim.config.Overrides;
import capsim.resource.BreakingPoint;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import capsim.config.InputException;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The list of walls on the way to a target: find the smallest value of the target path (a guest
 * count, disks per guest) at which the experiment breaks, by bisection; take the first breaking
 * point there as the wall; raise the wall's knob (its {@code knobPath}) just enough for the whole
 * target; search again from there. Stops when the target passes, or at a wall no knob moves
 * (a hard constant, whose fix is a design change or a newer version).
 *
 * <p>The needed knob value is the breaking point's {@code suggested} limit in the knob's unit (the
 * limit's typed conversion), checked by a run at the target and searched upwards if it does not
 * clear. Both searches assume monotony: more of the target never breaks less, a higher limit
 * never breaks more.
 */
public final class WallSearch {
    private static final int MAX_WALLS = 64;
    private static final int MAX_GROWTH_STEPS = 62;

    /** The target: the tied paths and the value they must reach. */
    public record Target(List<String> paths, long value) {
        public Target {
            paths = List.copyOf(paths);
            if (value < 1) throw new IllegalArgumentException("target must be >= 1");
        }

        public String label() {
            return String.join(",", paths);
        }

        public static Target parse(String spec) {
            List<String> paths = Overrides.tiedPaths(spec, "--target");
            String v = Overrides.valueText(spec).replace("_", "");
            try {
                long value = Long.parseLong(v);
                if (value < 1) throw new NumberFormatException();
                return new Target(paths, value);
            } catch (NumberFormatException e) {
                throw new InputException("--target " + spec, "", 0, "the target value must be a whole number >= 1, got \"" + v + "\"");
            }
        }
    }

    /**
     * One wall: where it bites (the first target value that breaks with the walls before it
     * raised), what breaks, and the knob value the whole target needs.
     */
    public record Wall(int order, long bitesAt, BreakingPoint breakingPoint, double currentValue, double neededValue) {
        public String resource() {
            return breakingPoint.resource();
        }

        public String knob() {
            return breakingPoint.knob();
        }

        public String knobPath() {
            return ExperimentPaths.of(breakingPoint);
        }

        public boolean movable() {
            return breakingPoint.tunable() && !ExperimentPaths.of(breakingPoint).isEmpty() && !Double.isNaN(neededValue);
        }
    }

    /**
     * The outcome: the walls in order, whether the target is reachable by moving them, the
     * knob values that reach it (path to value), and why not when it is not.
     */
    public record Result(Target target, List<Wall> walls, boolean reachable, String blockedBy,
                         Map<String, JsonElement> knobs, int runs) {
    }

    private final ExperimentBuilder experiment;
    private final Target target;
    private final long seed;
    private final Consumer<String> log;
    private int runs;

    /** A search on an experiment file with base overrides. */
    public WallSearch(Path experiment, Map<String, JsonElement> base, Target target, long seed, Consumer<String> log) {
        this(ExperimentBuilder.from(experiment).set(base), target, seed, log);
    }

    /** A search on an experiment built in memory (with its base overrides): each trial is a copy with the knobs and the target value set. */
    public WallSearch(ExperimentBuilder experiment, Target target, long seed, Consumer<String> log) {
        this.experiment = experiment.copy();
        this.target = target;
        this.seed = seed;
        this.log = log == null ? s -> { } : log;
    }

    public Result search() {
        Map<String, JsonElement> knobs = new LinkedHashMap<>();
        List<Wall> walls = new ArrayList<>();
        long passes = 0;      // largest value known to pass with the knobs so far (0: nothing run)
        for (int iteration = 0; iteration < MAX_WALLS; iteration++) {
            RunResult atTarget = trial(target.value(), knobs, true);
            if (atTarget.outcome() == RunResult.Outcome.COMPLETED) {
                log.accept("target " + target.label() + "=" + target.value() + " passes");
                return new Result(target, walls, true, "", knobs, runs);
            }
            Bisected b = bisect(passes, atTarget, knobs);
            passes = b.passes();
            long hi = b.bitesAt();
            BreakingPoint bp = b.breakingPoint();
            log.accept("wall " + (walls.size() + 1) + ": " + bp.resource() + " bites at " + target.label() + "=" + hi);
            double current = currentValue(ExperimentPaths.of(bp), knobs);
            if (!bp.tunable() || ExperimentPaths.of(bp).isEmpty() || Double.isNaN(current)) {
                walls.add(new Wall(walls.size() + 1, hi, bp, current, Double.NaN));
                String why = !bp.tunable()
                        ? bp.resource() + (bp.slo() ? " misses your SLO (" : " is a hard limit (") + bp.knob() + ")" + (bp.fix().isEmpty() ? "" : "; fix: " + bp.fix())
                        : bp.resource() + ": no value in the experiment sets this limit (" + bp.knob() + "); raise it by hand";
                return new Result(target, walls, false, why, knobs, runs);
            }
            Wall earlier = null;
            for (Wall w : walls) if (w.resource().equals(bp.resource())) earlier = w;
            long needed = neededValue(bp, current, knobs);
            if (needed < 0 || needed <= current) {
                walls.add(new Wall(walls.size() + 1, hi, bp, current, Double.NaN));
                return new Result(target, walls, false, bp.resource() + ": raising " + ExperimentPaths.of(bp)
                        + " does not let " + target.label() + "=" + target.value() + " through", knobs, runs);
            }
            Overrides.put(knobs, ExperimentPaths.of(bp), new JsonPrimitive(needed));
            if (earlier != null) {
                // the same wall again: an earlier wall hid part of its demand; keep one entry, raised further
                walls.set(earlier.order() - 1, new Wall(earlier.order(), earlier.bitesAt(), earlier.breakingPoint(),
                        earlier.currentValue(), needed));
            } else {
                walls.add(new Wall(walls.size() + 1, hi, bp, current, needed));
            }
            log.accept("  " + ExperimentPaths.of(bp) + ": " + fmt(current) + " -> " + needed);
        }
        return new Result(target, walls, false, "more than " + MAX_WALLS + " walls", knobs, runs);
    }

    /**
     * The first wall only, as {@link #search()} finds it before raising any knob: the smallest
     * target value at which the experiment breaks, with its first breaking point there (the wall
     * and its current knob value; no needed value is searched). Empty when the target passes.
     */
    public Optional<Wall> firstWall() {
        Map<String, JsonElement> none = Map.of();
        RunResult atTarget = trial(target.value(), none, true);
        if (atTarget.outcome() == RunResult.Outcome.COMPLETED) return Optional.empty();
        Bisected b = bisect(0, atTarget, none);
        BreakingPoint bp = b.breakingPoint();
        return Optional.of(new Wall(1, b.bitesAt(), bp, currentValue(ExperimentPaths.of(bp), none), Double.NaN));
    }

    /** Runs so far (each trial counts). */
    public int runs() {
        return runs;
    }

    private record Bisected(long passes, long bitesAt, BreakingPoint breakingPoint) {
    }

    /**
     * The smallest target value above {@code passes} (known to pass, 0: nothing run) at which the
     * experiment breaks with these knobs, by bisection with an early stop at the first breaking
     * point; {@code atTarget} is the (broken) trial at the target value.
     */
    private Bisected bisect(long passes, RunResult atTarget, Map<String, JsonElement> knobs) {
        long lo = passes;
        long hi = target.value();
        BreakingPoint wallAtHi = atTarget.breakingPoints().get(0);
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            RunResult r = trial(mid, knobs, true);
            if (r.outcome() == RunResult.Outcome.COMPLETED) {
                lo = mid;
            } else {
                hi = mid;
                wallAtHi = r.breakingPoints().get(0);
            }
        }
        return new Bisected(lo, hi, wallAtHi);
    }

    /**
     * The knob value with which the target no longer breaks on this wall's resource; -1 if none
     * is found. The limit the target needs is the {@code suggested} limit of a full run at the
     * target: the peak of that run with every limit lifted, so no later wall hides demand. The
     * limit's own conversion turns it into the knob's
     * unit (host RAM in GiB for a pool of usable MiB); a run at the target checks the value, and
     * a search upwards takes over where the conversion is only a lower bound.
     */
    private long neededValue(BreakingPoint bp, double current, Map<String, JsonElement> knobs) {
        RunResult full = trial(target.value(), knobs, false);
        // the full run's suggestion is its lifted run's peak, the least that lets the workload through; the bisection's
        // trial stopped at its first break and has only an estimate, used when the full run does not break there
        long need = -1;
        for (BreakingPoint b : full.breakingPoints()) if (b.resource().equals(bp.resource())) need = Math.max(need, b.suggested());
        if (need < 0) need = bp.suggested();
        long v = Math.max(bp.spec().knobValueFor(need), (long) Math.floor(current) + 1);
        return clears(bp, v, knobs) ? v : searchUp(v, knob -> clears(bp, knob, knobs));
    }

    /** The smallest value above {@code from} (which fails) that passes, by doubling steps then bisection; -1 if none. */
    private static long searchUp(long from, java.util.function.LongPredicate ok) {
        long lo = from;
        long step = Math.max(1, from / 8);
        long hi = -1;
        for (int i = 0; i < MAX_GROWTH_STEPS; i++) {
            long candidate = saturatedAdd(lo, step);
            if (ok.test(candidate)) {
                hi = candidate;
                break;
            }
            lo = candidate;
            step = saturatedAdd(step, step);
            if (candidate == Long.MAX_VALUE) return -1;
        }
        if (hi < 0) return -1;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (ok.test(mid)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    private boolean clears(BreakingPoint bp, long value, Map<String, JsonElement> knobs) {
        Map<String, JsonElement> k = new LinkedHashMap<>(knobs);
        Overrides.put(k, ExperimentPaths.of(bp), new JsonPrimitive(value));
        RunResult r = trial(target.value(), k, false);
        for (BreakingPoint b : r.breakingPoints()) if (b.resource().equals(bp.resource())) return false;
        return true;
    }

    private double currentValue(String knobPath, Map<String, JsonElement> knobs) {
        if (knobPath.isEmpty()) return Double.NaN;
        return Overrides.number(at(target.value(), knobs, false).loaded().resolved(), knobPath);
    }

    /** The experiment with the knobs raised and the target paths at {@code count}: the base overrides, the knobs, the target. */
    private ExperimentBuilder at(long count, Map<String, JsonElement> knobs, boolean stopAtFirstBreak) {
        ExperimentBuilder b = experiment.copy().set(knobs);
        for (String p : target.paths()) b.set(p, count);
        return b.set("stopAtFirstBreak", stopAtFirstBreak);
    }

    /** One run at a target value with the given knob values. */
    private RunResult trial(long count, Map<String, JsonElement> knobs, boolean stopAtFirstBreak) {
        runs++;
        return ExperimentRunner.run(at(count, knobs, stopAtFirstBreak).build(), seed);
    }

    /** The experiment at the target value as configured (the base overrides and the target; no knob raised, no early stop). */
    public ExperimentBuilder atTarget() {
        ExperimentBuilder b = experiment.copy();
        for (String p : target.paths()) b.set(p, target.value());
        return b;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,d", (long) v) : Double.toString(v);
    }
}
