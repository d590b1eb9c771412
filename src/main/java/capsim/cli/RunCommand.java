package capsim.cli;

import capsim.experiment.ResultsFolders;
import capsim.config.Overrides;
import capsim.config.JsonText;
import capsim.report.HumanSummary;
import capsim.report.Json;
import capsim.report.ResultsFolder;
import capsim.report.RunReport;
import capsim.report.RunWriter;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capsim run EXPERIMENT}: one simulation, a summary, a new results folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one experiment and write a new results folder.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:completed", "1:the experiment broke (a limit was hit)", "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)", "130:interrupted (Ctrl-C): no results folder"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "experiment file (JSON)")
    Path experiment;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--seed", description = "seed of the random streams (default: the experiment's)")
    Long seed;

    @Override
    public Integer call() throws Exception {
        common.checkOut();
        ExperimentLoader.Loaded loaded = ExperimentLoader.load(experiment, Overrides.parseSets(common.sets, "--set"));
        long s = seed != null ? seed : loaded.experiment().seed();
        long t0 = System.nanoTime();
        RunResult r = ExperimentRunner.run(loaded.experiment(), s);
        double wallS = (System.nanoTime() - t0) / 1e9;

        Path dir;
        try (ResultsFolder folder = Interrupt.writing(ResultsFolder.create(common.out, ResultsFolders.runLabel(r.experiment(), s)))) {
            JsonObject resolved = loaded.resolved().deepCopy();
            resolved.addProperty("seed", s);
            RunWriter.write(folder.dir(), resolved, r);
            RunReport.write(folder.dir(), r, resolved, commandLine());
            dir = Interrupt.published(folder.publish());
        }
        if (common.json) {
            JsonObject doc = Json.runDocument(r);
            doc.getAsJsonObject("metrics").add("wall.s", JsonText.number(wallS));
            doc.addProperty("resultsDir", dir.toString());
            spec.commandLine().getOut().println(JsonText.COMPACT.toJson(doc));
        } else {
            spec.commandLine().getOut().print(HumanSummary.format(r, dir, wallS));
            spec.commandLine().getOut().println("report: " + dir.resolve("report.html"));   // the page to open first
        }
        spec.commandLine().getOut().flush();
        return r.outcome() == RunResult.Outcome.COMPLETED ? Main.EXIT_OK : Main.EXIT_BROKE;
    }

    String commandLine() {
        return Main.commandText(spec);
    }
}
