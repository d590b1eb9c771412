package capsim.report;

import capsim.scenario.ExperimentPaths;
import capsim.config.JsonText;
import capsim.analysis.TuningPlan;
import capsim.analysis.WallSearch;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Files of {@code capsim walls} and {@code capsim tune}: the walls, the plan, the re-run, charts and report. */
public final class WallsReport {
    private WallsReport() {
    }

    public static JsonObject wallJson(WallSearch.Wall w) {
        BreakingPoint bp = w.breakingPoint();
        JsonObject o = new JsonObject();
        o.addProperty("order", w.order());
        o.addProperty("resource", bp.resource());
        o.addProperty("bitesAt", w.bitesAt());
        o.addProperty("scope", bp.scope().label());
        o.addProperty("errno", bp.errno().name());
        o.addProperty("subject", bp.subject());
        o.addProperty("limit", bp.limit());
        o.addProperty("knob", bp.knob());
        if (!ExperimentPaths.of(bp).isEmpty()) o.addProperty("knobPath", ExperimentPaths.of(bp));
        o.add("current", JsonText.number(w.currentValue()));
        o.add("needed", JsonText.number(w.neededValue()));
        o.addProperty("tunable", bp.tunable());
        if (!bp.fix().isEmpty()) o.addProperty("fix", bp.fix());
        return o;
    }

    /** The walls document (deterministic: no paths or wall-clock times). */
    public static JsonObject wallsJson(String experiment, long seed, WallSearch.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("command", "walls");
        o.addProperty("experiment", experiment);
        o.addProperty("seed", seed);
        o.add("target", targetJson(r.target()));
        o.addProperty("reachable", r.reachable());
        if (!r.blockedBy().isEmpty()) o.addProperty("blockedBy", r.blockedBy());
        JsonArray walls = new JsonArray();
        for (WallSearch.Wall w : r.walls()) walls.add(wallJson(w));
        o.add("walls", walls);
        JsonObject knobs = new JsonObject();
        r.knobs().forEach(knobs::add);
        o.add("knobs", knobs);
        o.addProperty("runs", r.runs());
        return o;
    }

    /** A target as JSON: its tied paths and the value they must reach. */
    public static JsonObject targetJson(WallSearch.Target target) {
        JsonObject t = new JsonObject();
        JsonArray paths = new JsonArray();
        target.paths().forEach(paths::add);
        t.add("paths", paths);
        t.addProperty("value", target.value());
        return t;
    }

    public static JsonObject planJson(TuningPlan plan) {
        JsonObject o = new JsonObject();
        JsonArray settings = new JsonArray();
        for (TuningPlan.Setting s : plan.settings()) {
            JsonObject so = new JsonObject();
            so.addProperty("knob", s.knobText());
            so.addProperty("knobPath", s.knobPath());
            so.addProperty("kind", s.manual() ? "manual" : s.kind().name().toLowerCase(Locale.ROOT));
            if (!s.file().isEmpty()) so.addProperty("file", s.file());
            so.addProperty("key", s.manual() ? s.knobText() : s.knob().key());
            so.addProperty("unit", s.knob().unit().symbol());
            so.add("current", JsonText.number(s.current()));
            so.addProperty("value", s.value());
            so.addProperty("resource", s.resource());
            so.addProperty("bitesAt", s.bitesAt());
            settings.add(so);
        }
        o.add("settings", settings);
        JsonArray files = new JsonArray();
        plan.files().keySet().forEach(files::add);
        o.add("files", files);
        JsonArray blockers = new JsonArray();
        plan.blockers().forEach(blockers::add);
        o.add("blockers", blockers);
        return o;
    }

    /**
     * walls.csv: one row per wall. Every number column has one unit, named in the row: bitesAt
     * counts the target's paths; limit is in limitUnit, which is the knob's unit when the two
     * measure the same thing (host RAM: both GiB, not the pool's MiB beside the knob's GiB);
     * current and needed are in knobUnit.
     */
    public static void writeWallsCsv(Path p, WallSearch.Result r) throws IOException {
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("order,resource,bitesAt,scope,errno,limit,limitUnit,knob,knobPath,current,needed,knobUnit,tunable,fix\n");
            for (WallSearch.Wall wall : r.walls()) {
                BreakingPoint bp = wall.breakingPoint();
                capsim.measure.Unit knobUnit = bp.knobSpec().unit();
                capsim.measure.Unit limitUnit = bp.unit();
                double limit = bp.limit();
                if (knobUnit != limitUnit && knobUnit.dimension() == limitUnit.dimension()
                        && limitUnit.dimension() != capsim.measure.Unit.Dimension.COUNT) {
                    limit = limitUnit.convert(limit, knobUnit);
                    limitUnit = knobUnit;
                }
                w.write(Csv.row(List.of(Integer.toString(wall.order()), bp.resource(), Long.toString(wall.bitesAt()),
                        bp.scope().label(), bp.errno().name(), bp.limit() == Long.MAX_VALUE ? "" : RunWriter.num(limit), limitUnit.symbol(),
                        bp.knob(), ExperimentPaths.of(bp), RunWriter.num(wall.currentValue()), RunWriter.num(wall.neededValue()),
                        knobUnit.symbol(), Boolean.toString(bp.tunable()), bp.fix())));
            }
        }
    }

    /** The walls chart: where each wall bites, the target marked. */
    public static RunReport.Written wallsChart(Path dir, String experiment, WallSearch.Result r) throws IOException {
        return wallsChart(dir, experiment, r, new JsonObject());
    }

    /** The walls chart, its count axis named for what the target counts in {@code resolved} ("guests"). */
    public static RunReport.Written wallsChart(Path dir, String experiment, WallSearch.Result r, JsonObject resolved) throws IOException {
        List<String> names = new ArrayList<>();
        List<Long> bites = new ArrayList<>();
        for (WallSearch.Wall w : r.walls()) {
            String u = knobUnit(w.breakingPoint());
            String need = w.movable() ? " → " + MetricLabels.value(w.neededValue()) + u : " (hard)";
            names.add(w.order() + ". " + w.resource() + "\n" + TuningPlan.displayKnob(w.breakingPoint().knobSpec(), w.knobPath()) + " "
                    + MetricLabels.value(w.currentValue()) + u + need);
            bites.add(w.bitesAt());
        }
        String counted = PathTitles.of(resolved, r.target().paths());
        String title = "Walls on the way to " + HumanSummary.count(r.target().value()) + " " + counted;
        String sub = experiment + ": each bar is the count at which the wall bites with the walls above it raised ("
                + String.join(" = ", r.target().paths()) + ")" + (r.reachable() ? "" : "; blocked: " + r.blockedBy());
        ChartFiles.save(Charts.walls(title, sub, counted, names, bites, r.target().value()),
                dir.resolve("charts"), "walls");
        return new RunReport.Written(title, "walls");
    }

    public static void walls(ReportDoc doc, WallSearch.Result r) {
        doc.heading("Walls on the way to " + r.target().label() + " = " + HumanSummary.count(r.target().value()));
        if (r.walls().isEmpty()) {
            doc.para("No wall: the target passes as configured.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (WallSearch.Wall w : r.walls()) {
            BreakingPoint bp = w.breakingPoint();
            rows.add(List.of(Integer.toString(w.order()), bp.resource(), HumanSummary.count(w.bitesAt()), bp.errno().name(),
                    bp.knob(), ExperimentPaths.of(bp).isEmpty() ? "-" : "`" + ExperimentPaths.of(bp) + "`",
                    MetricLabels.value(w.currentValue()) + knobUnit(bp),
                    w.movable() ? MetricLabels.value(w.neededValue()) + knobUnit(bp) : "hard" + (bp.fix().isEmpty() ? "" : ": " + bp.fix())));
        }
        doc.table(List.of(">#", "resource", ">bites at", "errno", "knob", "path", ">now", ">needed for target"), rows);
        doc.para(r.reachable() ? "With these values the target passes (" + r.runs() + " runs searched)."
                : "**Not reachable**: " + r.blockedBy() + " (" + r.runs() + " runs searched).");
    }

    /** " GiB" after a knob's value, "" for a count. */
    static String knobUnit(BreakingPoint bp) {
        capsim.measure.Unit u = bp.knobSpec().unit();
        return u == capsim.measure.Unit.COUNT ? "" : " " + u.symbol();
    }

    public static void plan(ReportDoc doc, TuningPlan plan) {
        doc.heading("Tuning plan");
        Map<String, String> files = plan.files();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().equals("APPLY.md")) continue;
            doc.file(f.getKey().endsWith(".conf") ? "ini" : "", f.getValue(), "`plan/" + f.getKey() + "`");
        }
        if (!plan.manual().isEmpty()) {
            List<String> items = new ArrayList<>();
            for (TuningPlan.Setting s : plan.manual()) {
                items.add("`" + s.knobPath() + "` " + MetricLabels.value(s.current()) + " → " + MetricLabels.value(s.value()) + " (" + s.knob() + ")");
            }
            doc.para("Not a configuration file (act on the host):");
            doc.bullets(items);
        }
        if (!plan.blockers().isEmpty()) {
            doc.para("Still blocking (no setting moves these):");
            doc.bullets(plan.blockers());
        }
    }

    /** Writes the plan files under {@code dir}. */
    public static void writePlan(Path dir, TuningPlan plan) throws IOException {
        for (Map.Entry<String, String> f : plan.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            RunWriter.writeString(p, f.getValue());
        }
    }

    public static String outcome(RunResult r) {
        return r.outcome() == RunResult.Outcome.COMPLETED ? "passes" : "breaks";
    }
}
