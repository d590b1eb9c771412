package capsim.cli;

import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.experiment.BatchPlan;
import capsim.experiment.BatchRunner;
import capsim.experiment.SweepFile;
import capsim.config.Overrides;
import capsim.report.BatchMetrics;
import capsim.report.MetricLabels;
import capsim.config.InputException;
import capsim.config.PositionedJson;
import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code capsim sweep}: an experiment over a cartesian product of axes, R replications per point. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        header = "How does it grow? Run an experiment over axes with replications; means, intervals and growth fits.",
        description = {"Run an experiment over one or more axes (any JSON path of the resolved experiment; several axes"
            + " form a cartesian product), R replications per point, in parallel. Writes runs.csv, summary.csv"
            + " (mean and 95%% CI per point and metric), fits.csv (growth exponents), charts and a report.",
            "FILE is an experiment, or a sweep file {\"experiment\", \"axes\", \"replications\", \"seed\", \"overrides\", \"metrics\"}"
            + " (schema: capsim schema sweep, experiments/sweeps/sweep.schema.json)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every run completed", "1:some run broke", "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)",
            "130:interrupted (Ctrl-C): finish it with capsim sweep --resume DIR"})
final class SweepCommand extends BatchCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "experiment or sweep file (JSON)")
    Path file;

    @Option(names = {"-a", "--axis"}, paramLabel = "PATH[,PATH]=VALUES",
            description = "an axis: values as a list or ranges, e.g. steps[1].count=16,32,64, guest.disks=1..1024*2,"
                + " host.sysctl.aioMaxNr=65536..262144:65536; tied paths move together:"
                + " steps[0].count,steps[1].count=256..4096*2 (repeatable; axes multiply)")
    List<String> axes = new ArrayList<>();

    @Override
    String command() {
        return "sweep";
    }

    @Override
    boolean planOptionsGiven() {
        return file != null || !axes.isEmpty();
    }

    @Override
    BatchPlan plan() {
        if (file == null) throw new InputException("capsim sweep", "", 0, "give an experiment or sweep file (or --resume DIR)");
        Path experiment = file;
        List<Axis> axisList = new ArrayList<>();
        Map<String, JsonElement> fileSets = Map.of();
        Integer fileReps = null;
        Long fileSeed = null;
        List<String> fileMetrics = List.of();
        Map<String, capsim.config.Origin> sources = new java.util.HashMap<>();
        capsim.config.Origin metricsFrom = null;
        if (SweepFile.isSweepFile(PositionedJson.read(file).root())) {
            SweepFile.Read sweep = SweepFile.read(file);
            experiment = sweep.experiment();
            axisList.addAll(sweep.axes());
            fileSets = sweep.file().overrides();
            fileReps = sweep.file().replications();
            fileSeed = sweep.file().seed();
            fileMetrics = sweep.file().metrics();
            sources.putAll(sweep.overrideSources());
            metricsFrom = sweep.metrics();
        }
        for (String a : axes) axisList.add(Axis.parse(a));
        if (axisList.isEmpty()) throw new InputException("capsim sweep", "", 0, "no axis: give --axis PATH=VALUES or a sweep file with \"axes\"");
        Map<String, JsonElement> cliSets = Overrides.parseSets(common.sets, "--set");
        Map<String, JsonElement> allSets = Overrides.merge(fileSets, cliSets);
        sources.keySet().removeAll(cliSets.keySet());
        int reps = replicationsOr(replications != null ? replications : fileReps, 3);
        BatchPlan.checkQuotas(axisList, 1, reps, "capsim sweep", "", 0);   // before any experiment is loaded
        long base = seed != null ? seed : fileSeed != null ? fileSeed : baseSeed(experiment, allSets, sources);
        List<String> ms = metrics.isEmpty() ? fileMetrics : metrics;
        metricsOrigin = metrics.isEmpty() ? metricsFrom : null;
        String exp = experiment.isAbsolute() ? experiment.toString() : experiment.normalize().toString();
        return new BatchPlan(exp, allSets, List.of(new BatchPlan.Variant("base", Map.of())), axisList, reps, base, ms, sources);
    }

    @Override
    String human(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone) {
        StringBuilder sb = new StringBuilder();
        BatchPlan plan = a.plan();
        List<String> ms = BatchMetrics.chartMetrics(a);
        sb.append(String.format(Locale.ROOT, "sweep of %s: %,d points x %d replications%n%n", plan.experiment(), plan.pointCount(),
                plan.replications()));
        List<String> header = new ArrayList<>();
        for (Axis ax : plan.axes()) header.add(ax.shortLabel());
        header.add("broke");
        for (String m : ms) header.add(m);
        List<List<String>> rows = new ArrayList<>();
        for (BatchAnalysis.PointSummary s : a.summaries()) {
            List<String> row = new ArrayList<>();
            for (JsonElement v : s.point().values()) row.add(Axis.text(v));
            row.add(s.broke() + "/" + s.runs() + (s.firstWalls().isEmpty() ? "" : " " + String.join(",", s.firstWalls().keySet())));
            for (String m : ms) row.add(MetricLabels.withCi(s.stat(m).mean(), s.stat(m).halfWidth()));
            rows.add(row);
        }
        sb.append(TextTable.render(header, rows));
        List<BatchAnalysis.Fit> fits = a.fits().stream().filter(f -> ms.contains(f.metric())).toList();
        if (!fits.isEmpty()) {
            sb.append(String.format("%nGrowth (power law on the means):%n"));
            for (BatchAnalysis.Fit f : fits) {
                String left = f.brokenExcluded() == 0 ? ""
                        : String.format(Locale.ROOT, " (fit on %d completed points; %d broken left out)", f.fit().points(), f.brokenExcluded());
                sb.append(String.format(Locale.ROOT, "  %-28s along %s%s: exponent %s, R² %.3f%s%n", f.metric(),
                        plan.axes().get(f.axis()).shortLabel(), f.series().isEmpty() ? "" : " (" + f.series() + ")",
                        MetricLabels.exponent(f.fit().exponent(), f.fit().exponentHalfWidth()), f.fit().rSquared(), left));
            }
        }
        sb.append(runsLine(a, r, dir, wallS, alreadyDone));
        return sb.toString();
    }
}
