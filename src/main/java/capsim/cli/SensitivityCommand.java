package capsim.cli;

import capsim.analysis.Sensitivity;
import capsim.analysis.WallSearch;
import capsim.config.InputException;
import capsim.config.JsonText;
import capsim.config.Overrides;
import capsim.experiment.ExperimentBuilder;
import capsim.experiment.ResultsFolders;
import capsim.report.HumanSummary;
import capsim.report.ReportDoc;
import capsim.report.ResultsFolder;
import capsim.report.RunReport;
import capsim.report.RunWriter;
import capsim.report.SensitivityReport;
import capsim.scenario.ExperimentLoader;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capsim sensitivity}: which estimated or assumed number moves the first wall and the key metrics most. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Which assumption matters? Every estimated or assumed number moved down and up alone, ranked by its effect on the first wall.",
        description = "Move each model number whose source says it is an estimate, an assumption, a guess or calibrated"
            + " (/estimat|assum|guess|calibrat/i) down and up by --range, one at a time, with the same seed; rank them by how"
            + " far the first wall moves (with --target: the smallest target value that breaks, as walls finds it; without:"
            + " the time of the run's first breaking point), then by the key metrics. A planner measures the top ones first.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the base experiment passes (at the target, or as configured)", "1:the base experiment breaks (there is a first wall)",
            "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)", "130:interrupted (Ctrl-C): no results folder"})
final class SensitivityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "experiment file (JSON)")
    Path experiment;

    @Option(names = {"-t", "--target"}, paramLabel = "PATH[,PATH]=VALUE",
            description = "find the first wall on the way to this value, as walls does (e.g. steps[0].count,steps[1].count=4096);"
                + " without it the first breaking point of the run as configured (its time)")
    String target;

    @Option(names = {"-r", "--range"}, paramLabel = "PERCENT", description = "how far each number moves down and up, percent (default: ${DEFAULT-VALUE})")
    double rangePercent = 50;

    @Option(names = "--metric", paramLabel = "NAME", description = "metric to compare (repeatable; default: start.latency.p95S, guests.started, sim.timeS)")
    List<String> metrics = new ArrayList<>();

    @Mixin
    ExperimentOptions common;

    @Option(names = "--seed", description = "seed of the random streams (default: the experiment's)")
    Long seed;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "perturbations in parallel (default: all cores, ${DEFAULT-VALUE})")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr (a bar on a terminal, else a line per tenth done or per minute)")
    boolean quiet;

    @Option(names = "--top", paramLabel = "N", description = "rows printed and bars charted (default: ${DEFAULT-VALUE}; the report and JSON hold all)")
    int top = 10;

    @Override
    public Integer call() throws Exception {
        common.checkOut();
        if (!(rangePercent > 0 && rangePercent < 100)) {
            throw new InputException("--range " + rangePercent, "", 0, "the range must be a percentage above 0 and below 100");
        }
        if (jobs < 1) throw new InputException("--jobs " + jobs, "", 0, "--jobs must be at least 1");
        WallSearch.Target t = target == null ? null : WallSearch.Target.parse(target);
        Map<String, JsonElement> base = Overrides.parseSets(common.sets, "--set");
        ExperimentBuilder exp = ExperimentBuilder.from(experiment).set(base);
        ExperimentBuilder check = exp.copy();
        if (t != null) for (String p : t.paths()) check.set(p, new com.google.gson.JsonPrimitive(t.value()), capsim.config.Origin.option("--target", target));
        ExperimentLoader.Loaded loaded = check.loaded();   // bad input: exit 2 before any run
        capsim.experiment.MetricNames.check(metrics, List.of(loaded.experiment()), null);
        long s = seed != null ? seed : loaded.experiment().seed();
        String name = loaded.experiment().name();
        long t0 = System.nanoTime();
        ProgressBar bar = ProgressBar.forStderr(spec.commandLine().getErr(), quiet, "perturbations", "capsim sensitivity");
        Sensitivity.Result r;
        try {
            r = new Sensitivity(exp, t, s, rangePercent / 100, metrics).run(jobs, bar);
        } finally {
            if (bar != null) bar.finish();
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        JsonObject doc = SensitivityReport.json(name, s, r);
        Path dir;
        try (ResultsFolder folder = Interrupt.writing(ResultsFolder.create(common.out, ResultsFolders.label(name, "sensitivity")))) {
            Path d = folder.dir();
            JsonObject resolved = loaded.resolved().deepCopy();
            resolved.addProperty("seed", s);
            RunWriter.writeString(d.resolve("experiment.resolved.json"), JsonText.PRETTY.toJson(resolved) + "\n");
            RunWriter.writeString(d.resolve("sensitivity.json"), JsonText.PRETTY.toJson(doc) + "\n");
            SensitivityReport.writeCsv(d.resolve("sensitivity.csv"), r);
            ReportDoc report = new ReportDoc("capsim sensitivity: " + name);
            report.verdict(capsim.report.Verdict.sensitivity(resolved, r));
            report.para("Command: `" + Main.commandText(spec) + "`");
            List<RunReport.Written> charts = new ArrayList<>();
            if (!r.ranked().isEmpty()) charts.add(SensitivityReport.tornadoChart(d, name, r, top));
            for (RunReport.Written w : charts) report.chart(w.title(), w.name());
            SensitivityReport.sections(report, r);
            RunReport.inputs(report, resolved);
            report.write(d);
            dir = Interrupt.published(folder.publish());
        }
        final Path resultsDir = dir;
        TargetCommand.print(spec, common.json, doc, resultsDir, wallS, () -> text(r, name, s, resultsDir, wallS));
        return r.base().hasWall() ? Main.EXIT_BROKE : Main.EXIT_OK;
    }

    private String text(Sensitivity.Result r, String name, long s, Path dir, double wallS) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(String.format(Locale.ROOT, "sensitivity of %s, %d estimated or assumed numbers each moved %s (seed %d):%n",
                name, r.ranked().size(), SensitivityReport.rangeText(r.range()), s));
        sb.append("base: ").append(r.base().hasWall()
                ? "first wall " + r.base().wallResource() + " at " + SensitivityReport.at(r, r.base().wallAt())
                + (r.target() != null ? " (" + r.target().label() + ", target " + HumanSummary.count(r.target().value()) + ")" : "")
                : r.target() != null ? "the target " + r.target().label() + " = " + HumanSummary.count(r.target().value()) + " passes"
                : "no breaking point").append(nl).append(nl);
        if (r.ranked().isEmpty()) {
            sb.append("no candidate: no model number's source says estimate, assumption, guess or calibrated").append(nl);
        } else {
            List<String> header = new ArrayList<>();
            for (String h : SensitivityReport.header(r)) header.add(h.startsWith(">") ? h.substring(1) : h);
            sb.append(TextTable.render(header, SensitivityReport.rows(r, top)));
            int more = r.ranked().size() - Math.min(r.ranked().size(), top > 0 ? top : r.ranked().size());
            long zero = r.ranked().stream().filter(e -> e.wallEffect() == 0 && e.metricEffect() == 0).count();
            long invalid = r.ranked().stream().filter(e -> !e.low().valid() || !e.high().valid()).count();
            sb.append(more > 0 ? "  ... " + more + " more in report.md; " : "  ").append(zero).append(" with no effect; ")
                    .append(invalid).append(" with an invalid perturbation").append(nl);
            sb.append("  (metrics: ").append(String.join(", ", r.metrics())).append("; * the first wall's resource changes)").append(nl);
        }
        sb.append(String.format(Locale.ROOT, "%n%d runs, wall time %.1f s; results in %s%n", r.runs(), wallS, dir));
        return sb.toString();
    }
}
