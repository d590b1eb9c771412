package capsim.analysis;

import capsim.config.InputException;
import capsim.config.JsonPaths;
import capsim.config.Range;
import capsim.config.ReadBySteps;
import capsim.config.Sourced;
import capsim.experiment.BatchRunner;
import capsim.experiment.ExperimentBuilder;
import capsim.scenario.Experiment;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import capsim.scenario.StepKinds;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Which assumption matters: every estimated or assumed number of a resolved experiment moved
 * down and up by a stated fraction, one at a time, with the same seed (common random numbers),
 * and ranked by how far that moves the first wall and the key metrics.
 *
 * <p>The candidates are the model numbers written {@code {"value": n, "source": "..."}} anywhere in
 * the resolved experiment (host and stack model files loaded in place) whose source matches
 * {@link #CANDIDATE}: it says the number is an estimate, an assumption, a guess or calibrated
 * (or to be calibrated). A value an override set (in the file or with {@code --set}) is stated, not
 * estimated, and is no candidate; nor is a number only step kinds the workload lacks read
 * ({@link ReadBySteps}: the time of a stop in an experiment that stops no guest).
 *
 * <p>With a target the first wall is where {@link WallSearch#firstWall()} puts it (the smallest
 * target value that breaks, by bisection with an early stop at the first breaking point) and the
 * metrics are those of the run at the target; without one, the first breaking point of the run
 * as configured (its time and resource) and that run's metrics.
 */
public final class Sensitivity {
    /** A source that marks its number as estimated, assumed, guessed or calibrated (case-insensitive). */
    public static final Pattern CANDIDATE = Pattern.compile("estimat|assum|guess|calibrat", Pattern.CASE_INSENSITIVE);

    /** The metrics reported when none are asked for. */
    public static final List<String> KEY_METRICS = List.of("start.latency.p95S", "guests.started", "sim.timeS");

    /** An estimated or assumed number: its path, value and source, and what the binder allows for it. */
    public record Candidate(int index, String path, double value, String source, boolean integer, double min, double max) {
    }

    /**
     * What one experiment (the base or a perturbation) does: the first wall (resource and where it
     * bites: a target value, or a time in seconds without a target; NaN and "" when there is none)
     * and the metrics, or why the perturbed experiment is invalid.
     */
    public record Outcome(double value, String invalid, String wallResource, double wallAt, Map<String, Double> metrics) {
        public boolean valid() {
            return invalid.isEmpty();
        }

        public boolean hasWall() {
            return !wallResource.isEmpty();
        }
    }

    /**
     * One candidate's result: both perturbations and the effects used for ranking: the wall effect
     * (largest relative move of the first wall; 1 when a wall appears or disappears), whether the
     * first wall's resource changes, the largest relative change of a metric.
     */
    public record Entry(int rank, Candidate candidate, Outcome low, Outcome high, double wallEffect, boolean resourceChanges,
                        double metricEffect) {
    }

    /** The analysis: the base, the candidates ranked (largest effect first), the runs it took. */
    public record Result(double range, WallSearch.Target target, List<String> metrics, Outcome base, List<Entry> ranked, long runs) {
        /** The candidates in document order. */
        public List<Candidate> candidates() {
            List<Candidate> cs = new ArrayList<>();
            for (Entry e : ranked) cs.add(e.candidate());
            cs.sort(Comparator.comparingInt(Candidate::index));
            return cs;
        }
    }

    private final ExperimentBuilder experiment;
    private final WallSearch.Target target;
    private final long seed;
    private final double range;
    private final List<String> metrics;
    private final boolean defaulted;

    /**
     * @param experiment the experiment with its base overrides
     * @param target     the target of the first-wall search, or null for the run as configured
     * @param range      the fraction each number moves down and up (0.5: ±50 %)
     * @param metrics    the metrics to compare (empty: those of {@link #KEY_METRICS} the experiment reports)
     */
    public Sensitivity(ExperimentBuilder experiment, WallSearch.Target target, long seed, double range, List<String> metrics) {
        if (!(range > 0) || range >= 1) throw new IllegalArgumentException("range must be in (0, 1)");
        this.experiment = experiment.copy();
        this.target = target;
        this.seed = seed;
        this.range = range;
        this.metrics = metrics.isEmpty() ? KEY_METRICS : List.copyOf(metrics);
        this.defaulted = metrics.isEmpty();
    }

    /** The candidates of a resolved experiment, in document order. */
    public static List<Candidate> candidates(JsonObject resolved) {
        List<Candidate> out = new ArrayList<>();
        Set<String> kinds = stepKinds(resolved);
        for (Map.Entry<String, JsonElement> e : resolved.entrySet()) {
            if (e.getKey().equals("overrides")) continue;
            collect(resolved, kinds, e.getValue(), e.getKey(), out);
        }
        return out;
    }

    /** The kinds of the workload's steps. */
    private static Set<String> stepKinds(JsonObject resolved) {
        Set<String> kinds = new HashSet<>();
        if (resolved.get("steps") instanceof JsonArray steps) {
            for (JsonElement s : steps) {
                if (s.isJsonObject() && s.getAsJsonObject().get("kind") instanceof JsonPrimitive k) kinds.add(k.getAsString());
            }
        }
        return kinds;
    }

    /** False for a number only step kinds the workload does not have read. */
    private static boolean readByWorkload(Optional<RecordComponent> rc, Set<String> kinds) {
        ReadBySteps only = rc.map(c -> c.getAnnotation(ReadBySteps.class)).orElse(null);
        if (only == null) return true;
        for (String k : only.value()) if (kinds.contains(k)) return true;
        return false;
    }

    private static void collect(JsonObject root, Set<String> kinds, JsonElement e, String path, List<Candidate> out) {
        if (Sourced.isSourced(e)) {
            JsonObject o = e.getAsJsonObject();
            JsonElement v = o.get("value");
            JsonElement src = o.get("source");
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() && src.isJsonPrimitive()
                    && isCandidate(src.getAsString())) {
                Optional<RecordComponent> rc = component(root, path);
                if (!readByWorkload(rc, kinds)) return;
                boolean integer = rc.map(c -> isInteger(c.getType())).orElse(false);
                Range r = rc.map(c -> c.getAnnotation(Range.class)).orElse(null);
                out.add(new Candidate(out.size(), path, v.getAsDouble(), src.getAsString(), integer,
                        r == null ? Double.NEGATIVE_INFINITY : r.min(), r == null ? Double.POSITIVE_INFINITY : r.max()));
            }
            return;
        }
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) collect(root, kinds, m.getValue(), JsonPaths.child(path, m.getKey()), out);
        } else if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) collect(root, kinds, e.getAsJsonArray().get(i), JsonPaths.index(path, i), out);
        }
    }

    /**
     * A source that calls its number estimated, assumed, guessed or calibrated; not one an override
     * set (the loader keeps the replaced source as {@code "override (...)"}: the experiment states that value).
     */
    public static boolean isCandidate(String source) {
        return !source.startsWith(OVERRIDDEN) && CANDIDATE.matcher(source).find();
    }

    private static final String OVERRIDDEN = "override (";

    private static boolean isInteger(Class<?> c) {
        return c == int.class || c == long.class || c == Integer.class || c == Long.class;
    }

    /**
     * The record component a path binds to (through records, lists, maps and step kinds, whose
     * record the node's {@code kind} names), if the declarations say.
     */
    static Optional<RecordComponent> component(JsonObject resolved, String path) {
        Type type = Experiment.class;
        JsonElement node = resolved;
        RecordComponent rc = null;
        for (Object part : JsonPaths.parse(path)) {
            Class<?> raw = raw(type);
            if (raw.isInterface() && !Map.class.isAssignableFrom(raw) && !List.class.isAssignableFrom(raw)
                    && node != null && node.isJsonObject() && node.getAsJsonObject().get("kind") instanceof JsonPrimitive k) {
                Class<?> kind = StepKinds.byKind().get(k.getAsString());
                if (kind != null && raw.isAssignableFrom(kind)) raw = kind;
            }
            if (part instanceof String key) {
                node = node != null && node.isJsonObject() ? node.getAsJsonObject().get(key) : null;
                if (raw.isRecord()) {
                    rc = null;
                    for (RecordComponent c : raw.getRecordComponents()) if (c.getName().equals(key)) rc = c;
                    if (rc == null) return Optional.empty();
                    type = rc.getGenericType();
                } else if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
                    type = pt.getActualTypeArguments()[1];
                    rc = null;
                } else {
                    return Optional.empty();   // a free-form value
                }
            } else {
                int i = (Integer) part;
                node = node != null && node.isJsonArray() && i < node.getAsJsonArray().size() ? node.getAsJsonArray().get(i) : null;
                if (!List.class.isAssignableFrom(raw) || !(type instanceof ParameterizedType pt)) return Optional.empty();
                type = pt.getActualTypeArguments()[0];
                rc = null;
            }
        }
        return Optional.ofNullable(rc);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType pt) return (Class<?>) pt.getRawType();
        return Object.class;
    }

    /** The value moved by {@code factor} (1 - range or 1 + range): integers rounded, kept within the declared range. */
    public static double perturbed(Candidate c, double factor) {
        double v = c.value() * factor;
        if (c.integer()) v = Math.round(v);
        else if (v != 0) v = new BigDecimal(v).round(new MathContext(12)).doubleValue();
        if (c.integer() && c.min() > Double.NEGATIVE_INFINITY) v = Math.max(v, Math.ceil(c.min()));
        else v = Math.max(v, c.min());
        return Math.min(v, c.max());
    }

    /**
     * Runs the base and both perturbations of every candidate, {@code jobs} at a time; the result
     * does not depend on {@code jobs}. The base experiment must be valid (check before).
     */
    public Result run(int jobs) throws InterruptedException {
        return run(jobs, null);
    }

    /** As {@link #run(int)}, reporting finished perturbations to {@code progress} (may be null). */
    public Result run(int jobs, BatchRunner.Progress progress) throws InterruptedException {
        JsonObject resolved = experiment.loaded().resolved();
        List<Candidate> cands = new ArrayList<>();
        // a number the target sets is not the experiment's to perturb
        for (Candidate c : candidates(resolved)) if (target == null || !target.paths().contains(c.path())) cands.add(c);
        List<ExperimentBuilder> trials = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Candidate c : cands) {
            for (double f : new double[] {1 - range, 1 + range}) {
                double v = perturbed(c, f);
                values.add(v);
                trials.add(v == c.value() ? null
                        : experiment.copy().set(c.path(), c.integer() ? new JsonPrimitive((long) v) : new JsonPrimitive(v)));
            }
        }
        long[] runs = new long[trials.size() + 1];
        Outcome base = evaluate(experiment.copy(), Double.NaN, runs, 0);
        List<String> used = new ArrayList<>();
        for (String m : metrics) {
            if (base.metrics().containsKey(m)) used.add(m);
            else if (!defaulted) {
                throw new InputException("--metric " + m, "", 0, "no metric \"" + m + "\" in this experiment's run"
                        + (KEY_METRICS.contains(m) ? "" : " (see summary.json of capsim run for the names)"));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "capsim-sensitivity");
            t.setDaemon(true);
            return t;
        });
        int total = (int) trials.stream().filter(java.util.Objects::nonNull).count();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<Outcome>> fs = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                ExperimentBuilder b = trials.get(i);
                int slot = i + 1;
                double v = values.get(i);
                fs.add(b == null ? null : pool.submit(() -> {
                    Outcome o = evaluate(b, v, runs, slot);
                    if (progress != null) progress.update(done.incrementAndGet(), total);
                    return o;
                }));
            }
            List<Entry> entries = new ArrayList<>();
            for (int k = 0; k < cands.size(); k++) {
                Candidate c = cands.get(k);
                Outcome lo = fs.get(2 * k) == null ? same(base, values.get(2 * k)) : get(fs.get(2 * k));
                Outcome hi = fs.get(2 * k + 1) == null ? same(base, values.get(2 * k + 1)) : get(fs.get(2 * k + 1));
                entries.add(entry(c, base, lo, hi));
            }
            entries.sort(Comparator.comparingDouble(Entry::wallEffect).reversed()
                    .thenComparing(Entry::resourceChanges, Comparator.reverseOrder())
                    .thenComparing(Comparator.comparingDouble(Entry::metricEffect).reversed())
                    .thenComparingInt(e -> e.candidate().index()));
            List<Entry> ranked = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                ranked.add(new Entry(i + 1, e.candidate(), e.low(), e.high(), e.wallEffect(), e.resourceChanges(), e.metricEffect()));
            }
            long runCount = 0;
            for (long r : runs) runCount += r;
            return new Result(range, target, List.copyOf(used), base, Collections.unmodifiableList(ranked), runCount);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome get(Future<Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Outcome same(Outcome base, double value) {
        return new Outcome(value, base.invalid(), base.wallResource(), base.wallAt(), base.metrics());
    }

    /** One experiment's first wall and metrics; an invalid perturbation is an outcome, not an error. */
    private Outcome evaluate(ExperimentBuilder b, double value, long[] runs, int slot) {
        try {
            b.loaded();
            RunResult metricsRun;
            String resource = "";
            double at = Double.NaN;
            if (target != null) {
                WallSearch ws = new WallSearch(b, target, seed, null);
                Optional<WallSearch.Wall> w = ws.firstWall();
                if (w.isPresent()) {
                    resource = w.get().resource();
                    at = w.get().bitesAt();
                }
                metricsRun = ExperimentRunner.run(ws.atTarget().build(), seed);
                runs[slot] = ws.runs() + 1;
            } else {
                metricsRun = ExperimentRunner.run(b.build(), seed);
                runs[slot] = 1;
                if (!metricsRun.breakingPoints().isEmpty()) {
                    resource = metricsRun.breakingPoints().get(0).resource();
                    at = metricsRun.breakingPoints().get(0).timeS();
                }
            }
            Map<String, Double> ms = new LinkedHashMap<>();
            SortedMap<String, Double> all = metricsRun.metrics().values();
            for (String m : metrics) if (all.containsKey(m)) ms.put(m, all.get(m));
            return new Outcome(value, "", resource, at, ms);
        } catch (InputException | IllegalArgumentException e) {
            if (slot == 0) throw e;
            return new Outcome(value, e.getMessage() == null ? e.toString() : e.getMessage(), "", Double.NaN, Map.of());
        }
    }

    private static Entry entry(Candidate c, Outcome base, Outcome lo, Outcome hi) {
        double wall = 0;
        double metric = 0;
        boolean resource = false;
        for (Outcome o : List.of(lo, hi)) {
            if (!o.valid()) continue;
            wall = Math.max(wall, wallEffect(base, o));
            resource |= base.hasWall() && o.hasWall() && !base.wallResource().equals(o.wallResource());
            for (Map.Entry<String, Double> m : base.metrics().entrySet()) {
                Double v = o.metrics().get(m.getKey());
                if (v != null) metric = Math.max(metric, relative(m.getValue(), v));
            }
        }
        return new Entry(0, c, lo, hi, wall, resource, metric);
    }

    /** How far the first wall moves, relative to the base's; 1 when a wall appears or disappears. */
    public static double wallEffect(Outcome base, Outcome o) {
        if (base.hasWall() != o.hasWall()) return 1;
        if (!base.hasWall()) return 0;
        return relative(base.wallAt(), o.wallAt());
    }

    /** |b - a| / |a|; 0 for equal values (NaN included), 1 from a zero base. */
    public static double relative(double a, double b) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) return 0;
        if (Double.isNaN(a) || Double.isNaN(b)) return 1;
        if (a == 0) return 1;
        return Math.abs(b - a) / Math.abs(a);
    }
}
