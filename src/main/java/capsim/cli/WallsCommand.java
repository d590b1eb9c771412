package capsim.cli;

import capsim.experiment.ResultsFolders;
import capsim.config.JsonText;
import capsim.report.HumanSummary;
import capsim.report.Json;
import capsim.report.ReportDoc;
import capsim.report.ResultsFolder;
import capsim.report.RunReport;
import capsim.report.RunWriter;
import capsim.report.WallsReport;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code capsim walls}: the ordered list of walls on the way to a target, with the knob values it needs. */
@Command(name = "walls",
        header = "Where are the walls? The ordered walls on the way to a target, each with its knob and needed value.", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find the walls on the way to a target: bisect the target path for the first breaking point,"
            + " raise that wall's knob just enough for the target, search again; stop when the target passes or a"
            + " wall cannot be moved (a hard limit: its fix is printed).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the target is reachable (after raising the walls' knobs)", "1:the target is not reachable", "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)", "130:interrupted (Ctrl-C): no results folder"})
final class WallsCommand extends TargetCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        common.checkOut();
        long t0 = System.nanoTime();
        Searched s = search();
        double wallS = (System.nanoTime() - t0) / 1e9;
        String name = s.loaded().experiment().name();
        JsonObject doc = WallsReport.wallsJson(name, s.seed(), s.result());
        Path dir;
        try (ResultsFolder folder = Interrupt.writing(ResultsFolder.create(common.out, ResultsFolders.label(name, "walls")))) {
            Path d = folder.dir();
            JsonObject resolved = s.loaded().resolved().deepCopy();
            resolved.addProperty("seed", s.seed());
            RunWriter.writeString(d.resolve("experiment.resolved.json"), JsonText.PRETTY.toJson(resolved) + "\n");
            RunWriter.writeString(d.resolve("walls.json"), JsonText.PRETTY.toJson(doc) + "\n");
            WallsReport.writeWallsCsv(d.resolve("walls.csv"), s.result());
            List<RunReport.Written> charts = new ArrayList<>();
            if (!s.result().walls().isEmpty()) charts.add(WallsReport.wallsChart(d, name, s.result(), resolved));
            charts.addAll(RunReport.usageCharts(s.asConfigured(), d, "target-",
                    "as configured at " + s.target().label() + " = " + HumanSummary.count(s.target().value())));
            ReportDoc report = wallsDoc("capsim walls: " + name, commandLine(), s, charts);
            RunReport.breakingPoints(report, s.asConfigured().breakingPoints(), "Breaking points at the target as configured");
            capsim.report.Verdict.basis(report, resolved);
            RunReport.inputs(report, resolved);
            report.write(d);
            dir = Interrupt.published(folder.publish());
        }
        print(doc, dir, wallS, () -> text(s, name, dir, wallS));
        return s.result().reachable() ? Main.EXIT_OK : Main.EXIT_BROKE;
    }

    private static String text(Searched s, String name, Path dir, double wallS) {
        StringBuilder sb = new StringBuilder();
        // what is counted in words, as the chart's title says it; the paths for --target
        String counted = capsim.report.PathTitles.of(s.loaded().resolved(), s.target().paths());
        sb.append(String.format("walls of %s on the way to %s %s (%s; seed %d):%n%n", name, HumanSummary.count(s.target().value()),
                counted, s.target().label(), s.seed()));
        sb.append(wallsText(s.result()));
        sb.append(System.lineSeparator()).append(s.result().reachable()
                ? "target reachable with the values above" : "target NOT reachable: " + s.result().blockedBy());
        sb.append(String.format("%n%d runs, wall time %.1f s; results in %s%n", s.result().runs(), wallS, dir));
        return sb.toString();
    }
}
