package capsim.report;

import capsim.analysis.BatchAnalysis;
import capsim.analysis.BatchAnalysis.PointSummary;
import capsim.analysis.Sensitivity;
import capsim.analysis.TuningPlan;
import capsim.analysis.WallSearch;
import capsim.config.JsonPaths;
import capsim.config.Sourced;
import capsim.experiment.Axis;
import capsim.experiment.BatchPlan;
import capsim.experiment.RunRecord;
import capsim.measure.Metric;
import capsim.measure.MetricRole;
import capsim.resource.BreakingPoint;
import capsim.scenario.ExperimentPaths;
import capsim.scenario.RunResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The first page of a report, for a planner: what was asked, whether it fits, the first wall and
 * what to set, the plan files, and how sure capsim is (which numbers under the figures are
 * estimates, assumptions or calibrations, by their sources). Everything is read from the resolved
 * experiment and the results; nothing is written per experiment.
 */
public final class Verdict {
    /** One line of the verdict: a short label ("Fits?") and its text ({@code `code`} and **bold** allowed). */
    public record Line(String label, String text) {
    }

    /** How a model number is known, read from its source (the words docs/sources.md uses). */
    public enum Basis {
        STATED("stated by the experiment"),
        MEASURED("measured"),
        CALIBRATED("calibrated"),
        CITED("cited"),
        DERIVED("derived"),
        LEAD("a lead (unverified)"),
        ESTIMATE("an estimate"),
        ASSUMPTION("an assumption");

        public final String label;

        Basis(String label) {
            this.label = label;
        }

        // the order matters: "estimate; calibrate with capsim validate" is an estimate, "fitted by capsim validate --calibrate" a calibration
        private static final Pattern FITTED = Pattern.compile("calibrated|fitted by", Pattern.CASE_INSENSITIVE);
        private static final Pattern ESTIMATED = Pattern.compile("estimat|guess", Pattern.CASE_INSENSITIVE);
        private static final Pattern ASSUMED = Pattern.compile("assum", Pattern.CASE_INSENSITIVE);
        private static final Pattern READ = Pattern.compile("(?<!not )measured|read on host|host detect", Pattern.CASE_INSENSITIVE);
        private static final Pattern HYPOTHESIS = Pattern.compile("\\blead\\b", Pattern.CASE_INSENSITIVE);
        private static final Pattern DERIVATION = Pattern.compile("derived", Pattern.CASE_INSENSITIVE);

        public static Basis of(String source) {
            if (source.startsWith("override (")) return STATED;
            if (FITTED.matcher(source).find()) return CALIBRATED;
            if (ESTIMATED.matcher(source).find()) return ESTIMATE;
            if (ASSUMED.matcher(source).find()) return ASSUMPTION;
            if (DERIVATION.matcher(source).find()) return DERIVED;
            if (READ.matcher(source).find()) return MEASURED;
            if (HYPOTHESIS.matcher(source).find()) return LEAD;
            return CITED;
        }
    }

    /** The errno of a missed objective (a latency or time SLO the experiment states), not a system limit. */
    private static final String SLO = "ETIMEDOUT";

    /** Overrides listed by name in "what was asked"; more are counted. */
    private static final int OVERRIDES_SHOWN = 6;

    private Verdict() {
    }

    // ---------------------------------------------------------------- run

    /** The verdict of {@code capsim run}. */
    public static List<Line> run(JsonObject resolved, RunResult r) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Asked", asked(resolved)));
        if (r.outcome() == RunResult.Outcome.COMPLETED) {
            lines.add(new Line("Fits?", "**Yes**: every step completed"
                    + (r.metric("sim.timeS") > 0 ? " in " + HumanSummary.duration(r.metric("sim.timeS")) + " simulated" : "")
                    + ". " + closestLimit(r)));
        } else {
            BreakingPoint first = r.breakingPoints().get(0);
            lines.add(new Line("Fits?", "**No**: it broke at " + HumanSummary.duration(first.timeS()) + " simulated"
                    + (r.breakingPoints().size() > 1 ? " (" + r.breakingPoints().size() + " breaking points, first of each resource, in the table below)" : "")
                    + "."));
        }
        if (!r.breakingPoints().isEmpty()) {
            BreakingPoint bp = r.breakingPoints().get(0);
            lines.add(new Line("First wall", "`" + bp.resource() + "` (" + bp.scope().label() + ") at " + HumanSummary.duration(bp.timeS())
                    + ", hit by " + bp.subject() + ": limit " + amount(bp.limit(), bp.unit().symbol()) + ", demand "
                    + amount(bp.demand(), bp.unit().symbol()) + " → " + bp.errno().name() + "."));
            lines.add(new Line("What to set", toSet(bp.knob(), ExperimentPaths.of(bp), bp.tunable() ? bp.suggestedKnobValue() : -1,
                    bp.knobSpec().unit().symbol(), bp.fix(), bp.errno().name()) + "."
                    + (bp.tunable() ? " Walls may stand behind it: `capsim walls` and `capsim tune` with a `--target` find them in turn." : "")));
        }
        lines.add(new Line("How sure", sure(resolved, r.breakingPoints().isEmpty() ? "" : ExperimentPaths.of(r.breakingPoints().get(0)),
                r.breakingPoints().isEmpty() ? "" : r.breakingPoints().get(0).errno().name())));
        return lines;
    }

    /** The resource closest to its limit, from the high-water metrics. */
    private static String closestLimit(RunResult r) {
        Metric best = null;
        double bestShare = -1;
        for (Metric m : r.metrics().types()) {
            if (m.role() != MetricRole.HIGH_WATER) continue;
            double l = r.metrics().limitOf(m);
            double v = r.metrics().get(m.name());
            if (!(l > 0) || Double.isNaN(v)) continue;
            if (v / l > bestShare) {
                bestShare = v / l;
                best = m;
            }
        }
        if (best == null) return "No tracked limit was approached.";
        double v = r.metrics().get(best.name());
        return String.format(Locale.ROOT, "Closest to its limit: `%s` at %.0f %% (%s of %s).", best.resource().isEmpty() ? best.name() : best.resource(),
                100 * bestShare, amount(v, best.unit().symbol()), amount(r.metrics().limitOf(best), best.unit().symbol()));
    }

    // ---------------------------------------------------------------- batch

    /** The verdict of a sweep or comparison. */
    static List<Line> batch(BatchAnalysis a, JsonObject resolvedBase) {
        BatchPlan plan = a.plan();
        boolean compare = plan.variants().size() > 1;
        List<Line> lines = new ArrayList<>();
        String base = asked(resolvedBase);
        StringBuilder asked = new StringBuilder(base.substring(0, base.length() - 1));
        if (!plan.sets().isEmpty()) {
            List<String> os = new ArrayList<>();
            plan.sets().forEach((k, val) -> os.add(k + "=" + Axis.text(val)));
            asked.append("; with `").append(String.join(", ", os)).append("` set for every run");
        }
        if (!plan.axes().isEmpty()) {
            asked.append(" (the workload of the first point); ");
            List<String> axes = new ArrayList<>();
            for (Axis ax : plan.axes()) axes.add(PathTitles.of(resolvedBase, ax.paths()) + " (`" + ax.label() + "`) over "
                    + String.join(", ", ax.values().stream().map(Axis::text).toList()));
            asked.append("swept: ").append(String.join("; ", axes));
        }
        if (compare) {
            asked.append(plan.axes().isEmpty() ? "; " : "; ").append(plan.variants().size()).append(" variants: ")
                    .append(String.join(", ", plan.variants().stream().map(v -> "**" + v.name() + "**").toList()))
                    .append(" (the first is the baseline)");
        }
        asked.append("; ").append(plan.replications()).append(" replication(s) per point.");
        lines.add(new Line("Asked", asked.toString()));

        List<String> fits = new ArrayList<>();
        List<String> walls = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        boolean tunable = false;
        String limitPath = "";
        String errno = "";
        for (int v = 0; v < plan.variants().size(); v++) {
            String who = compare ? "**" + plan.variants().get(v).name() + "**: " : "";
            List<PointSummary> ok = new ArrayList<>();
            List<PointSummary> broke = new ArrayList<>();
            for (PointSummary s : a.summaries()) {
                if (s.variant() != v) continue;
                (s.broke() == 0 ? ok : broke).add(s);
            }
            if (broke.isEmpty()) {
                fits.add(who + "**yes**, at every point (" + ok.size() + " of " + ok.size() + ")");
                continue;
            }
            fits.add(who + fitsText(plan, resolvedBase, ok, broke));
            PointSummary firstBroken = broke.get(0);
            String wall = mostCommon(firstBroken.firstWalls());
            walls.add(who + "`" + wall + "` from " + pointText(plan, resolvedBase, firstBroken.point()) + " (" + firstBroken.broke() + " of "
                    + firstBroken.runs() + " replications broke there)");
            // the largest need of that wall over the whole sweep: what lets every point through it
            RunRecord.WallFix need = null;
            for (RunRecord rec : a.records()) {
                if (rec.variant() != v || !rec.firstWall().equals(wall) || !rec.wallFix().known()) continue;
                if (need == null || rec.wallFix().setTo() > need.setTo()) need = rec.wallFix();
            }
            if (need == null) {
                sets.add(who + "`capsim run` on the experiment at " + pointText(plan, resolvedBase, firstBroken.point()) + " names the knob and its value"
                        + " (this batch's journal predates the kept knob).");
            } else {
                sets.add(who + toSet(need.knob(), need.path(), need.setTo(), need.unit(), need.fix(), need.errno())
                        + (need.tunable() ? ", the largest need over the points that hit it." : "."));
                if (errno.isEmpty()) {
                    limitPath = need.path();
                    errno = need.errno();
                }
                tunable |= need.tunable();
            }
            java.util.SortedSet<String> others = new java.util.TreeSet<>();
            for (PointSummary s : broke) others.addAll(s.firstWalls().keySet());
            others.remove(wall);
            if (!others.isEmpty()) walls.add(who + "other first walls at other points: "
                    + String.join(", ", others.stream().map(o -> "`" + o + "`").toList()));
        }
        lines.add(new Line("Fits?", String.join("; ", fits) + "."));
        if (!walls.isEmpty()) {
            lines.add(new Line("First wall", String.join("; ", walls) + "."));
            lines.add(new Line("What to set", String.join(" ", sets)
                    + (tunable ? " `capsim tune` with a `--target` at the largest point writes a plan for every wall on the way." : "")));
        }
        lines.add(new Line("How sure", sure(resolvedBase, limitPath, walls.isEmpty() ? "" : errno.isEmpty() ? "?" : errno)
                + (plan.replications() > 1 ? " Means carry their 95 % interval over the " + plan.replications()
                + " replications: that is the spread of the random times, not the uncertainty of the estimates." : "")));
        return lines;
    }

    private static String fitsText(BatchPlan plan, JsonObject resolvedBase, List<PointSummary> ok, List<PointSummary> broke) {
        if (ok.isEmpty()) return "**no**: every point broke in at least one replication";
        // one axis and every fitting point before every broken one: a threshold
        boolean threshold = plan.axes().size() == 1 && ok.get(ok.size() - 1).point().index() < broke.get(0).point().index();
        if (threshold) {
            return "**up to** " + pointText(plan, resolvedBase, ok.get(ok.size() - 1).point()) + " (every replication completed); **breaks from** "
                    + pointText(plan, resolvedBase, broke.get(0).point());
        }
        List<String> bs = broke.stream().limit(5).map(s -> pointText(plan, resolvedBase, s.point())).toList();
        return "**at " + ok.size() + " of " + (ok.size() + broke.size()) + " points**; broke at " + String.join(", ", bs)
                + (broke.size() > bs.size() ? " and " + (broke.size() - bs.size()) + " more" : "");
    }

    /** "guests = 512": the axes by their titles (as the charts name them) and the point's values. */
    private static String pointText(BatchPlan plan, JsonObject resolvedBase, BatchPlan.Point p) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < plan.axes().size(); i++) {
            parts.add(PathTitles.of(resolvedBase, plan.axes().get(i).paths()) + " = " + Axis.text(p.values().get(i)));
        }
        return parts.isEmpty() ? "the experiment" : String.join(", ", parts);
    }

    private static String mostCommon(Map<String, Integer> counts) {
        String best = "";
        int n = -1;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > n) {
                n = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- walls and tune

    /**
     * The verdict of {@code capsim walls} ({@code plan} null) or {@code capsim tune} (its plan and
     * whether the re-run with the plan applied passes).
     */
    public static List<Line> walls(JsonObject resolved, WallSearch.Result r, TuningPlan plan, RunResult rerun) {
        List<Line> lines = new ArrayList<>();
        String target = PathTitles.of(resolved, r.target().paths()) + " (`" + r.target().label() + "`) = " + HumanSummary.count(r.target().value());
        lines.add(new Line("Asked", asked(resolved) + " Target: " + target + "."));
        if (r.walls().isEmpty()) {
            lines.add(new Line("Fits?", "**Yes**: the target passes as configured."));
        } else {
            WallSearch.Wall w = r.walls().get(0);
            lines.add(new Line("Fits?", "**No**, not as configured: " + r.walls().size() + " wall(s) on the way; with them raised the target "
                    + (r.reachable() ? "**passes**" : "is **not reachable**: " + r.blockedBy()) + "."));
            lines.add(new Line("First wall", "`" + w.resource() + "` bites at " + HumanSummary.count(w.bitesAt()) + " ("
                    + w.breakingPoint().errno().name() + ")."));
            List<String> sets = new ArrayList<>();
            // tune: what the plan files set (the need plus the headroom), so the verdict and the files agree
            Map<String, TuningPlan.Setting> planned = new LinkedHashMap<>();
            if (plan != null) for (TuningPlan.Setting st : plan.settings()) planned.put(st.knobPath(), st);
            for (WallSearch.Wall x : r.walls()) {
                TuningPlan.Setting st = planned.get(x.knobPath());
                if (x.movable() && st != null) {
                    sets.add(st.knobText() + " " + st.nowText() + " → **" + HumanSummary.count(st.value()) + "** (needs "
                            + MetricLabels.value(x.neededValue()) + (plan.headroomPercent() > 0 ? " + " + MetricLabels.value(plan.headroomPercent()) + " % headroom" : "")
                            + "; `" + x.knobPath() + "`)");
                    continue;
                }
                sets.add(x.movable() ? x.knob() + " " + MetricLabels.value(x.currentValue()) + " → **" + MetricLabels.value(x.neededValue()) + "**"
                        + " (`" + x.knobPath() + "`)"
                        : toSet(x.knob(), "", -1, "", x.breakingPoint().fix(), x.breakingPoint().errno().name()));
            }
            lines.add(new Line("What to set", String.join("; ", sets) + (plan == null ? " (`capsim tune` writes them as files)." : ".")));
        }
        if (plan != null) {
            List<String> files = plan.files().keySet().stream().map(f -> "`plan/" + f + "`").toList();
            lines.add(new Line("Plan files", (files.isEmpty() ? "none (nothing to set)" : String.join(", ", files))
                    + (rerun == null ? "" : "; the re-run at the target with the plan applied "
                    + (rerun.outcome() == RunResult.Outcome.COMPLETED ? "**passes**" : "still **breaks** (" + rerun.breakingPoints().get(0).resource() + ")"))
                    + "."));
        }
        String limitPath = r.walls().isEmpty() ? "" : r.walls().get(0).knobPath();
        lines.add(new Line("How sure", sure(resolved, limitPath, r.walls().isEmpty() ? "" : r.walls().get(0).breakingPoint().errno().name())));
        return lines;
    }

    // ---------------------------------------------------------------- sensitivity

    /** Numbers named in the sensitivity verdict; the report's table ranks them all. */
    private static final int RANKED_SHOWN = 5;

    /** The verdict of {@code capsim sensitivity}: here "how sure" is measured, not counted. */
    public static List<Line> sensitivity(JsonObject resolved, Sensitivity.Result r) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Asked", asked(resolved) + (r.target() == null ? "" : " Target: `" + r.target().label() + "` = "
                + HumanSummary.count(r.target().value()) + ".") + " Each of " + r.ranked().size() + " estimated, assumed or calibrated numbers moved "
                + SensitivityReport.rangeText(r.range()) + " alone."));
        Sensitivity.Outcome base = r.base();
        if (!base.valid()) {
            lines.add(new Line("Fits?", "The experiment as given is invalid: " + base.invalid()));
            return lines;
        }
        lines.add(new Line("Fits?", base.hasWall() ? "**No**: the first wall is `" + base.wallResource() + "` at "
                + SensitivityReport.at(r, base.wallAt()) + (r.target() != null ? " (the smallest target value that breaks)." : ".")
                : "**Yes**: no wall" + (r.target() != null ? " on the way to the target." : ".")));
        List<String> wall = new ArrayList<>();
        List<String> metric = new ArrayList<>();
        int still = 0;
        for (Sensitivity.Entry e : r.ranked()) {
            String item = "`" + e.candidate().path() + "` (" + basisOfCandidate(e.candidate()).label + ", " + MetricLabels.value(e.candidate().value()) + ")";
            if (e.wallEffect() > 0 || e.resourceChanges()) {
                if (wall.size() < RANKED_SHOWN) wall.add(item + (e.resourceChanges() ? ", which changes which wall comes first" : ", which moves it by "
                        + String.format(Locale.ROOT, "%.2g %%", 100 * e.wallEffect())));
            } else if (e.metricEffect() > 0) {
                if (metric.size() < RANKED_SHOWN) metric.add(item);
            } else {
                still++;
            }
        }
        StringBuilder sure = new StringBuilder();
        if (base.hasWall()) {
            sure.append(wall.isEmpty() ? "No estimated number moves the first wall: it rests on stated and cited values. "
                    : "The first wall rests most on " + String.join("; ", wall) + " (moved " + SensitivityReport.rangeText(r.range()) + "). ");
        }
        if (!metric.isEmpty()) sure.append("The key metrics (not the wall) move with ").append(String.join(", ", metric)).append(". ");
        sure.append(still).append(" of the ").append(r.ranked().size()).append(" numbers move nothing here; measure the ones named here first.");
        lines.add(new Line("How sure", sure.toString()));
        return lines;
    }

    // ---------------------------------------------------------------- shared

    /** "set sysctl fs.x to at least 9,600 (re-run with `--set host.sysctl.x=9600`)", or the hard limit and its fix. */
    private static String toSet(String knob, String path, long setTo, String unit, String fix, String errno) {
        if (setTo < 0 && SLO.equals(errno)) {
            return "No setting: the experiment's own objective was missed (" + knob + ")" + (fix.isEmpty() ? "" : "; what helps: " + unstop(fix));
        }
        if (setTo < 0) return "No knob moves it (hard limit: " + knob + ")" + (fix.isEmpty() ? "" : "; fix: " + unstop(fix));
        String value = HumanSummary.count(setTo) + (unit.isEmpty() || unit.equals("count") ? "" : " " + unit);
        return "Set " + knob + " to at least **" + value + "**" + (path.isEmpty() ? "" : " (re-run with `--set " + path + "=" + setTo + "`)");
    }

    /** The text without a full stop at its end (a caller ends the sentence). */
    private static String unstop(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /**
     * How sure: how the first wall's limit is known (its source at {@code limitPath}; {@code errno}
     * empty without a wall), and how many of
     * the model numbers the workload reads are estimates, assumptions or calibrations (the table
     * {@link #basis} writes lists them; sensitivity ranks them).
     */
    private static String sure(JsonObject resolved, String limitPath, String errno) {
        StringBuilder sb = new StringBuilder();
        boolean wall = !errno.isEmpty();
        // "?": a wall whose record kept no knob (an older journal): nothing to say about its limit
        if (wall && !errno.equals("?")) {
            String src = limitPath.isEmpty() ? "" : sourceAt(resolved, limitPath);
            if (SLO.equals(errno)) sb.append("The first wall is an objective the experiment states, so its limit is certain; the time that missed it is the model's. ");
            else if (limitPath.isEmpty()) sb.append("The first wall's limit is a constant of the code (a hard limit). ");
            else if (src.isEmpty()) sb.append("The first wall's limit `").append(limitPath).append("` has no source in the model. ");
            else sb.append("The first wall's limit `").append(limitPath).append("` is ").append(Basis.of(src).label).append(": ")
                    .append(src).append(". ");
        }
        List<Sensitivity.Candidate> cs = Sensitivity.candidates(resolved);
        if (cs.isEmpty()) {
            sb.append("No number this workload reads is marked an estimate, assumption or calibration.");
            return sb.toString();
        }
        Map<Basis, Integer> byBasis = new LinkedHashMap<>();
        for (Basis b : List.of(Basis.ESTIMATE, Basis.ASSUMPTION, Basis.CALIBRATED)) byBasis.put(b, 0);
        for (Sensitivity.Candidate c : cs) byBasis.merge(basisOfCandidate(c), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        byBasis.forEach((b, n) -> {
            if (n > 0) parts.add(n + " " + plural(b, n));
        });
        sb.append(wall ? "Where and when it bites rest" : "The figures rest").append(" on the model's costs, and ").append(cs.size())
                .append(" of the host's and stack's numbers in play are ").append(String.join(", ", parts))
                .append(" (listed under \"What the figures rest on\"): `capsim sensitivity` moves each one and ranks those that move the first wall and the key metrics.");
        return sb.toString();
    }

    private static Basis basisOfCandidate(Sensitivity.Candidate c) {
        Basis b = Basis.of(c.source());
        // the candidate rule also takes "to be calibrated": such a number is an estimate until it is
        return b == Basis.ESTIMATE || b == Basis.ASSUMPTION || b == Basis.CALIBRATED ? b : Basis.ESTIMATE;
    }

    private static String plural(Basis b, int n) {
        return switch (b) {
            case ESTIMATE -> n == 1 ? "estimate" : "estimates";
            case ASSUMPTION -> n == 1 ? "assumption" : "assumptions";
            case CALIBRATED -> "calibrated";
            default -> b.label;
        };
    }

    /**
     * The table under the verdict: every estimated, assumed or calibrated number the workload reads
     * (the candidates of {@code capsim sensitivity}), with its value and source.
     */
    public static void basis(ReportDoc doc, JsonObject resolved) {
        List<Sensitivity.Candidate> cs = Sensitivity.candidates(resolved);
        if (cs.isEmpty()) return;
        List<List<String>> rows = new ArrayList<>();
        for (Sensitivity.Candidate c : cs) {
            rows.add(List.of("`" + c.path() + "`", MetricLabels.value(c.value()), basisOfCandidate(c).label, c.source()));
        }
        doc.foldedTable("What the figures rest on: " + cs.size() + " estimated, assumed or calibrated numbers this workload reads",
                List.of("number", ">value", "basis", "source"), rows);
    }

    /** The source of the sourced value at {@code path} of the resolved experiment, or "". */
    static String sourceAt(JsonObject resolved, String path) {
        JsonElement e;
        try {
            e = JsonPaths.get(resolved, path);
        } catch (RuntimeException notThere) {
            return "";
        }
        if (e != null && Sourced.isSourced(e) && e.getAsJsonObject().get("source") instanceof JsonPrimitive p) return p.getAsString();
        return "";
    }

    /**
     * The workload in a sentence: the steps with their counts, the guest, host and stack, and the
     * overrides the experiment states.
     */
    static String asked(JsonObject x) {
        StringBuilder sb = new StringBuilder();
        List<String> steps = new ArrayList<>();
        if (x.get("steps") instanceof JsonArray arr) {
            for (JsonElement s : arr) if (s.isJsonObject()) steps.add(step(s.getAsJsonObject()));
        }
        sb.append(steps.isEmpty() ? "no steps" : String.join(", then ", steps));
        if (x.get("guest") instanceof JsonObject g) {
            List<String> fs = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : g.entrySet()) {
                if (scalar(e.getValue())) fs.add(e.getKey() + "=" + scalarText(e.getValue()));
            }
            if (!fs.isEmpty()) sb.append("; guests `").append(String.join(" ", fs)).append("`");
        }
        if (x.get("host") instanceof JsonObject h) {
            List<String> fs = new ArrayList<>();
            if (h.get("arch") instanceof JsonPrimitive p) fs.add(p.getAsString());
            String cpus = valueText(h.get("cpus"));
            if (!cpus.isEmpty()) fs.add(cpus + " CPUs");
            String ram = valueText(h.get("ramGiB"));
            if (!ram.isEmpty()) fs.add(ram + " GiB RAM");
            if (h.get("kernel") instanceof JsonPrimitive p) fs.add("kernel " + p.getAsString());
            sb.append("; on host **").append(name(h)).append("**").append(fs.isEmpty() ? "" : " (" + String.join(", ", fs) + ")");
        }
        if (x.get("stack") instanceof JsonObject st) {
            List<String> vs = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : st.entrySet()) {
                if (e.getValue() instanceof JsonObject c && c.get("version") instanceof JsonPrimitive v) vs.add(e.getKey() + " " + v.getAsString());
            }
            sb.append(" with stack **").append(name(st)).append("**").append(vs.isEmpty() ? "" : " (" + String.join(", ", vs) + ")");
        }
        if (x.get("overrides") instanceof JsonObject o) {
            List<String> os = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (e.getKey().equals("note")) continue;
                os.add(e.getKey() + "=" + (scalar(e.getValue()) ? scalarText(e.getValue()) : "…"));
            }
            if (!os.isEmpty()) {
                List<String> shown = os.subList(0, Math.min(os.size(), OVERRIDES_SHOWN));
                sb.append("; overriding `").append(String.join(", ", shown)).append("`")
                        .append(os.size() > shown.size() ? " and " + (os.size() - shown.size()) + " more" : "");
            }
        }
        return sb.append('.').toString();
    }

    /** "start 4,096 (20 at a time; latencySloS=60)": the kind, its count and concurrency, its other plain fields. */
    private static String step(JsonObject s) {
        StringBuilder sb = new StringBuilder(s.get("kind") instanceof JsonPrimitive k ? k.getAsString() : "step");
        if (s.get("count") instanceof JsonPrimitive c && c.isNumber()) sb.append(' ').append(MetricLabels.value(c.getAsDouble()));
        List<String> more = new ArrayList<>();
        if (s.get("concurrency") instanceof JsonPrimitive c && c.isNumber()) more.add(MetricLabels.value(c.getAsDouble()) + " at a time");
        for (Map.Entry<String, JsonElement> e : s.entrySet()) {
            if (List.of("kind", "count", "concurrency").contains(e.getKey()) || !scalar(e.getValue())) continue;
            more.add(e.getKey() + "=" + scalarText(e.getValue()));
        }
        if (!more.isEmpty()) sb.append(" (").append(String.join("; ", more)).append(')');
        return sb.toString();
    }

    private static String name(JsonObject o) {
        return o.get("name") instanceof JsonPrimitive p ? p.getAsString() : "unnamed";
    }

    private static boolean scalar(JsonElement e) {
        return e.isJsonPrimitive() || Sourced.isSourced(e) && e.getAsJsonObject().get("value").isJsonPrimitive();
    }

    private static String scalarText(JsonElement e) {
        JsonPrimitive p = e.isJsonPrimitive() ? e.getAsJsonPrimitive() : e.getAsJsonObject().get("value").getAsJsonPrimitive();
        return p.isNumber() ? RunWriter.num(p.getAsDouble()) : p.getAsString();
    }

    /** The value of a plain or sourced number, grouped; "" when absent. */
    private static String valueText(JsonElement e) {
        if (e == null) return "";
        JsonElement v = Sourced.isSourced(e) ? e.getAsJsonObject().get("value") : e;
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? MetricLabels.value(v.getAsDouble()) : "";
    }

    private static String amount(double v, String unit) {
        return MetricLabels.value(v) + (unit.isEmpty() || unit.equals("count") ? "" : " " + unit);
    }
}
