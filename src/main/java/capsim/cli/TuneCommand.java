package capsim.cli;

import capsim.experiment.ResultsFolders;
import capsim.config.JsonText;
import capsim.config.Overrides;
import capsim.analysis.TuningPlan;
import capsim.report.HumanSummary;
import capsim.report.Json;
import capsim.report.ReportDoc;
import capsim.report.ResultsFolder;
import capsim.report.RunReport;
import capsim.report.RunWriter;
import capsim.report.WallsReport;
import capsim.resource.BreakingPoint;
import capsim.scenario.ExperimentLoader;
import capsim.scenario.ExperimentRunner;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capsim tune}: the walls turned into configuration files, and a re-run with them applied. */
@Command(name = "tune",
        header = "What do we set? Write sysctl.d, qemu.conf, libvirtd.conf, systemd drop-ins for a target; re-run to prove it.", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the configuration that reaches a target, in the real formats: a sysctl.d file, qemu.conf and"
            + " libvirtd.conf fragments, systemd drop-ins for the daemons' limits, environment settings; then re-run"
            + " the experiment with the plan applied and report that it passes, or what still blocks it.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the re-run with the plan passes", "1:the target is still not reachable", "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)", "130:interrupted (Ctrl-C): no results folder"})
final class TuneCommand extends TargetCommand implements Callable<Integer> {
    // a planner's margin: the model holds only what the experiment describes, and anything else on
    // the host (an agent's fds, an admin's ptys, a backup's tasks) draws on the same limits
    @Option(names = "--headroom", paramLabel = "PERCENT", description = "add this much to every value the target needs, rounded up"
            + " (default: ${DEFAULT-VALUE}: the re-run then uses at most 83 %% of each new limit; 0: exactly what the target needs)")
    double headroom = 20;

    @Override
    public Integer call() throws Exception {
        common.checkOut();
        if (!(headroom >= 0 && headroom <= 10_000)) {
            throw new capsim.config.InputException("--headroom " + headroom, "", 0, "headroom is a percentage from 0 to 10000");
        }
        long t0 = System.nanoTime();
        Searched s = search();
        String name = s.loaded().experiment().name();
        String title = name + ": " + s.target().label() + " = " + HumanSummary.count(s.target().value());
        TuningPlan plan = TuningPlan.from(title, s.result(), headroom, s.loaded().experiment().stack().libvirt().daemon());

        // the re-run: the experiment at the target with the plan applied, as the experiment says (no early stop)
        ExperimentLoader.Loaded tuned = s.search().atTarget().set(plan.overrides()).loaded();
        RunResult rerun = ExperimentRunner.run(tuned.experiment(), s.seed());
        boolean passes = rerun.outcome() == RunResult.Outcome.COMPLETED;
        double wallS = (System.nanoTime() - t0) / 1e9;

        JsonObject doc = WallsReport.wallsJson(name, s.seed(), s.result());
        doc.addProperty("command", "tune");
        doc.addProperty("headroomPercent", headroom);
        doc.add("plan", WallsReport.planJson(plan));
        doc.add("rerun", Json.runDocument(rerun));
        doc.addProperty("passes", passes);
        Path dir;
        try (ResultsFolder folder = Interrupt.writing(ResultsFolder.create(common.out, ResultsFolders.label(name, "tune")))) {
            Path d = folder.dir();
            JsonObject resolved = tuned.resolved().deepCopy();
            resolved.addProperty("seed", s.seed());
            WallsReport.writePlan(d.resolve("plan"), plan);
            RunWriter.writeString(d.resolve("tune.json"), JsonText.PRETTY.toJson(doc) + "\n");
            WallsReport.writeWallsCsv(d.resolve("walls.csv"), s.result());
            RunWriter.writeString(d.resolve("experiment.tuned.json"), JsonText.PRETTY.toJson(resolved) + "\n");
            List<RunReport.Written> charts = new ArrayList<>();
            if (!s.result().walls().isEmpty()) charts.add(WallsReport.wallsChart(d, name, s.result(), resolved));
            charts.addAll(RunReport.usageCharts(rerun, d, "tuned-", "re-run with the plan applied at " + s.target().label()
                    + " = " + HumanSummary.count(s.target().value())));
            ReportDoc report = wallsDoc("capsim tune: " + name, commandLine(), s, List.of(), plan, rerun);
            WallsReport.plan(report, plan);
            report.heading("Re-run with the plan applied");
            report.para(passes ? "The experiment **passes** at the target with the plan applied ("
                    + HumanSummary.count((long) rerun.metric("guests.started")) + " guests started)."
                    : "The experiment still **breaks** at the target with the plan applied:");
            RunReport.breakingPoints(report, rerun.breakingPoints());
            for (RunReport.Written w : charts) report.chart(w.title(), w.name());
            RunReport.metrics(report, rerun.metrics());
            capsim.report.Verdict.basis(report, s.loaded().resolved());
            RunReport.inputs(report, resolved);
            report.write(d);
            dir = Interrupt.published(folder.publish());
        }
        print(doc, dir, wallS, () -> text(s, title, plan, rerun, passes, dir, wallS));
        return passes ? Main.EXIT_OK : Main.EXIT_BROKE;
    }

    private static String text(Searched s, String title, TuningPlan plan, RunResult rerun, boolean passes, Path dir, double wallS) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("tuning plan for %s (seed %d)%n%n", title, s.seed()));
        sb.append(wallsText(s.result(), plan));
        sb.append(String.format("%nplan (%s):%n", dir.resolve("plan")));
        for (Map.Entry<String, String> f : plan.files().entrySet()) {
            if (f.getKey().equals("APPLY.md")) continue;
            sb.append("  ").append(f.getKey()).append(":").append(System.lineSeparator());
            for (String line : f.getValue().split("\n")) {
                if (!line.startsWith("#")) sb.append("    ").append(line).append(System.lineSeparator());
            }
        }
        for (TuningPlan.Setting m : plan.manual()) {
            sb.append(String.format(Locale.ROOT, "  manual: %s = %,d (now %s; %s)%n", m.knobPath(), m.value(),
                    m.nowText(), m.knob().text()));
        }
        for (String b : plan.blockers()) sb.append("  still blocking: ").append(b).append(System.lineSeparator());
        sb.append(String.format("%nre-run with the plan at %s = %s: %s%n", s.target().label(), HumanSummary.count(s.target().value()),
                passes ? "PASSES" : "still BREAKS"));
        for (BreakingPoint bp : rerun.breakingPoints()) {
            sb.append(String.format(Locale.ROOT, "  %s (%s) limit %s -> %s; %s%n", bp.resource(), bp.scope().label(),
                    HumanSummary.count(bp.limit()), bp.errno(), bp.tunable() ? bp.knob() : (bp.slo() ? "your SLO: " : "hard: ") + bp.fix()));
        }
        sb.append(String.format("%nwall time %.1f s; results in %s%n", wallS, dir));
        return sb.toString();
    }
}
