package capsim.cli;

import capsim.scenario.ExperimentPaths;
import capsim.experiment.ExperimentBuilder;
import capsim.config.JsonText;
import capsim.config.Overrides;
import capsim.analysis.TuningPlan;
import capsim.analysis.WallSearch;
import capsim.report.Json;
import capsim.report.ReportDoc;
import capsim.report.RunReport;
import capsim.report.WallsReport;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What walls and tune share: the experiment, the target and the wall search. */
abstract class TargetCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "experiment file (JSON)")
    Path experiment;

    @Option(names = {"-t", "--target"}, required = true, paramLabel = "PATH[,PATH]=VALUE",
            description = "the value to reach, e.g. steps[0].count,steps[1].count=8192 (tied paths move together:"
                + " define and start the same number of guests)")
    String target;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--seed", description = "seed of the random streams (default: the experiment's)")
    Long seed;

    @Option(names = {"-q", "--quiet"}, description = "no search progress on stderr")
    boolean quiet;

    /** The parsed inputs and the search result. */
    record Searched(WallSearch.Target target, Map<String, JsonElement> base, long seed, ExperimentLoader.Loaded loaded,
                    WallSearch search, WallSearch.Result result, RunResult asConfigured) {
    }

    Searched search() {
        WallSearch.Target t = WallSearch.Target.parse(target);
        Map<String, JsonElement> base = Overrides.parseSets(common.sets, "--set");
        ExperimentBuilder exp = ExperimentBuilder.from(experiment).set(base);
        ExperimentBuilder atTarget = exp.copy();
        for (String p : t.paths()) atTarget.set(p, new com.google.gson.JsonPrimitive(t.value()), capsim.config.Origin.option("--target", target));
        ExperimentLoader.Loaded loaded = atTarget.loaded();   // bad input: exit 2 before searching
        long s = seed != null ? seed : loaded.experiment().seed();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> log = !quiet && ProgressBar.isTerminal() ? line -> {
            err.println("  " + line);
            err.flush();
        } : null;
        WallSearch ws = new WallSearch(exp, t, s, log);
        WallSearch.Result r = ws.search();
        RunResult asConfigured = ExperimentRunner.run(loaded.experiment(), s);
        return new Searched(t, base, s, loaded, ws, r, asConfigured);
    }

    static String wallsText(WallSearch.Result r) {
        return wallsText(r, null);
    }

    /**
     * The walls table: each wall's knob, its value now (an unset knob with what it inherits), what
     * the target needs, and with a plan what the plan sets (the need plus the headroom): the
     * figure the plan files hold.
     */
    static String wallsText(WallSearch.Result r, TuningPlan plan) {
        StringBuilder sb = new StringBuilder();
        if (r.walls().isEmpty()) {
            sb.append("no wall: the target passes as configured").append(System.lineSeparator());
            return sb.toString();
        }
        Map<String, Long> set = new LinkedHashMap<>();
        if (plan != null) for (TuningPlan.Setting s : plan.settings()) set.put(s.resource(), s.value());
        List<List<String>> rows = new ArrayList<>();
        for (WallSearch.Wall w : r.walls()) {
            var bp = w.breakingPoint();
            List<String> row = new ArrayList<>(List.of(w.order() + ".", bp.resource(), String.format(java.util.Locale.ROOT, "%,d", w.bitesAt()),
                    bp.errno().name(), TuningPlan.displayKnob(bp.knobSpec(), ExperimentPaths.of(bp)),
                    bp.slo() ? String.format(java.util.Locale.ROOT, "%,d %s", bp.limit(), bp.unit().symbol())   // the SLO itself
                            : TuningPlan.nowText(w.currentValue(), bp.limit()),
                    w.movable() ? capsim.report.MetricLabels.value(w.neededValue()) : bp.slo() ? "your SLO" : "hard"));
            if (plan != null) row.add(set.containsKey(w.resource()) ? String.format(java.util.Locale.ROOT, "%,d", set.get(w.resource())) : "-");
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("#", "wall", "bites at", "errno", "knob", "now", "needed"));
        if (plan != null) header.add("set");
        sb.append(TextTable.render(header, rows));
        for (WallSearch.Wall w : r.walls()) {
            if (!w.knobPath().isEmpty() && w.movable()) continue;
            var bp = w.breakingPoint();
            if (bp.slo()) {
                // the user's own threshold: no host setting moves it; say what meets it
                sb.append("  ").append(w.resource()).append(" is your SLO (").append(bp.knob()).append("): ")
                        .append(bp.fix().isEmpty() ? "relax it in the experiment" : "met by " + bp.fix() + ", or relax it in the experiment")
                        .append(System.lineSeparator());
            } else if (!bp.fix().isEmpty()) {
                sb.append("  fix for ").append(w.resource()).append(": ").append(bp.fix()).append(System.lineSeparator());
            }
        }
        if (plan != null && plan.headroomPercent() > 0) {
            sb.append(String.format(java.util.Locale.ROOT, "  set = needed + %s %% headroom, rounded up (--headroom)%n",
                    capsim.report.MetricLabels.value(plan.headroomPercent())));
        }
        return sb.toString();
    }

    /** The report: walls table and chart, what the experiment does at the target as configured, inputs. */
    static ReportDoc wallsDoc(String title, String command, Searched s, List<RunReport.Written> charts) {
        return wallsDoc(title, command, s, charts, null, null);
    }

    /** The same with tune's plan and re-run in the verdict. */
    static ReportDoc wallsDoc(String title, String command, Searched s, List<RunReport.Written> charts,
                              capsim.analysis.TuningPlan plan, RunResult rerun) {
        ReportDoc doc = new ReportDoc(title);
        doc.verdict(capsim.report.Verdict.walls(s.loaded().resolved(), s.result(), plan, rerun));
        doc.para("Command: `" + command + "`");
        WallsReport.walls(doc, s.result());
        if (!charts.isEmpty()) doc.heading("Charts");
        for (RunReport.Written w : charts) doc.chart(w.title(), w.name());
        return doc;
    }

    /** Prints the document (with the wall time and the results folder) under --json, else the text; flushes. */
    void print(JsonObject doc, Path dir, double wallS, Supplier<String> text) {
        print(spec, common.json, doc, dir, wallS, text);
    }

    /** What the planning commands print: one JSON document with the wall time and results folder, or the text. */
    static void print(CommandSpec spec, boolean json, JsonObject doc, Path dir, double wallS, Supplier<String> text) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            doc.addProperty("wall.s", wallS);
            doc.addProperty("resultsDir", dir.toString());
            out.println(JsonText.COMPACT.toJson(doc));
        } else {
            out.print(text.get());
        }
        out.flush();
    }

    String commandLine() {
        return Main.commandText(spec);
    }
}
