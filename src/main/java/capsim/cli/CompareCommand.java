package capsim.cli;

import capsim.experiment.Axis;
import capsim.analysis.BatchAnalysis;
import capsim.experiment.BatchPlan;
import capsim.experiment.BatchRunner;
import capsim.config.Overrides;
import capsim.report.BatchMetrics;
import capsim.report.MetricLabels;
import capsim.config.InputException;
import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capsim compare}: variants of an experiment run with common random numbers (the same
 * seeds, stream by stream); per metric each variant's mean and the paired difference against the
 * first variant with its 95% interval, optionally over sweep axes.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        header = "What does the fix buy? Variants with common random numbers and paired differences with 95%% intervals.",
        description = "Compare variants of an experiment (override sets) with common random numbers: every variant runs"
            + " the same seeds, so the paired difference of each metric has a tight 95%% CI. The first variant is the"
            + " baseline; with a single --variant the experiment as it is becomes the baseline \"base\".",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every run completed", "1:some run broke", "2:bad input", "3:capsim itself failed (out of memory, or a bug: the message says which)",
            "130:interrupted (Ctrl-C): finish it with capsim compare --resume DIR"})
final class CompareCommand extends BatchCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "experiment file (JSON)")
    Path experiment;

    // no short name: -V is --version on every command
    @Option(names = "--variant", paramLabel = "NAME=OVERRIDES",
            description = "a variant: NAME= (the experiment as it is), NAME=FILE.json (an object of path to value),"
                + " or NAME=PATH=VALUE,PATH=VALUE,... (repeatable)")
    List<String> variants = new ArrayList<>();

    @Option(names = {"-a", "--axis"}, paramLabel = "PATH[,PATH]=VALUES", description = "compare over a sweep axis too (as in capsim sweep; repeatable)")
    List<String> axes = new ArrayList<>();

    @Override
    String command() {
        return "compare";
    }

    @Override
    boolean planOptionsGiven() {
        return experiment != null || !variants.isEmpty() || !axes.isEmpty();
    }

    @Override
    BatchPlan plan() {
        if (experiment == null) throw new InputException("capsim compare", "", 0, "give an experiment file (or --resume DIR)");
        if (variants.isEmpty()) throw new InputException("capsim compare", "", 0, "give at least one --variant NAME=OVERRIDES");
        List<BatchPlan.Variant> vs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String v : variants) {
            int eq = v.indexOf('=');
            String name = (eq < 0 ? v : v.substring(0, eq)).trim();
            if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
                throw new InputException("--variant " + v, "", 0, "a variant needs a name of letters, digits, '.', '_' or '-': NAME=OVERRIDES");
            }
            if (!names.add(name)) throw new InputException("--variant " + v, "", 0, "variant \"" + name + "\" given twice");
            Overrides.Given given = Overrides.parseGiven(eq < 0 ? "" : v.substring(eq + 1), "--variant");
            if (given.fromFile()) checkVariantFile(given);
            Map<String, capsim.config.Origin> sources = new java.util.HashMap<>(given.sources());
            if (!given.fromFile()) sources.replaceAll((k, o) -> capsim.config.Origin.option("--variant", v));
            vs.add(new BatchPlan.Variant(name, given.values(), sources));
        }
        if (vs.size() == 1) {
            if (names.contains("base")) throw new InputException("--variant base", "", 0, "name the single variant something other than \"base\"");
            vs.add(0, new BatchPlan.Variant("base", Map.of()));
        }
        List<Axis> axisList = new ArrayList<>();
        for (String a : axes) axisList.add(Axis.parse(a));
        Map<String, JsonElement> setMap = Overrides.parseSets(common.sets, "--set");
        int reps = replicationsOr(replications, 3);
        BatchPlan.checkQuotas(axisList, vs.size(), reps, "capsim compare", "", 0);   // before any experiment is loaded
        long base = baseSeed(experiment, setMap);
        return new BatchPlan(experiment.normalize().toString(), setMap, vs, axisList, reps, base, metrics);
    }

    /** The top-level keys of an experiment: the first part of every override path. */
    private static final Set<String> EXPERIMENT_KEYS = java.util.Arrays.stream(capsim.scenario.Experiment.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * A variant file is an object of experiment paths to values. An experiment, a sweep file or a
     * model file given by mistake is refused in one line (its keys are no override paths), not
     * applied key by key with the whole model in the message.
     */
    private static void checkVariantFile(Overrides.Given given) {
        Set<String> keys = given.values().keySet();
        String file = given.sources().values().stream().findFirst().map(capsim.config.Origin::file).orElse("");
        String what = keys.contains("steps") && (keys.contains("host") || keys.contains("stack")) ? "an experiment file"
                : keys.contains("experiment") || keys.contains("axes") ? "a sweep file"
                : keys.contains("arch") || keys.contains("cpus") || keys.contains("ramGiB") || keys.contains("kernel") ? "a host model file"
                : keys.contains("libvirt") || keys.contains("qemu") ? "a stack model file" : null;
        String stray = null;
        for (String k : keys) {
            String first = k.split("[.\\[]", 2)[0];
            if (!EXPERIMENT_KEYS.contains(first) || first.equals("hostFile") || first.equals("stackFile")) {
                stray = k;
                break;
            }
        }
        if (what == null && stray == null) return;
        String k = stray != null ? stray : keys.iterator().next();
        capsim.config.Origin o = given.sources().get(k);
        throw new InputException(file, what != null ? "(root)" : k, what != null || o == null ? 1 : o.line(), (what != null ? "this is " + what + ", not a variant" : "\"" + k
                + "\" is no experiment path") + ": a variant file is an object of experiment paths to values, e.g. {\"guest.disks\": 4, "
                + "\"host\": \"models/hosts/x86-2s-2024.json\"}");
    }

    @Override
    String human(BatchAnalysis a, BatchRunner.Result r, Path dir, double wallS, boolean alreadyDone) {
        BatchPlan plan = a.plan();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "comparison of %s: %d variants x %,d points x %d replications (common seeds %d..%d)%n%n",
                plan.experiment(), plan.variants().size(), plan.pointCount(), plan.replications(), plan.baseSeed(),
                plan.baseSeed() + plan.replications() - 1));
        List<String> ms = BatchMetrics.chartMetrics(a);
        if (ms.isEmpty()) ms = List.of("guests.started");
        Map<String, BatchAnalysis.MetricStat> diffs = new HashMap<>();
        for (BatchAnalysis.Difference d : a.differences()) diffs.put(d.point() + "/" + d.variant() + "/" + d.metric(), d.diff());
        List<String> header = new ArrayList<>(List.of("metric"));
        for (Axis ax : plan.axes()) header.add(ax.shortLabel());
        for (int v = 0; v < plan.variants().size(); v++) header.add(plan.variants().get(v).name());
        for (int v = 1; v < plan.variants().size(); v++) header.add(plan.variants().get(v).name() + " - " + plan.variants().get(0).name());
        List<List<String>> rows = new ArrayList<>();
        for (String m : ms) {
            for (BatchPlan.Point p : a.points()) {
                List<String> row = new ArrayList<>(List.of(m));
                for (JsonElement val : p.values()) row.add(Axis.text(val));
                for (int v = 0; v < plan.variants().size(); v++) {
                    BatchAnalysis.MetricStat s = a.summary(p.index(), v).stat(m);
                    row.add(MetricLabels.withCi(s.mean(), s.halfWidth()));
                }
                for (int v = 1; v < plan.variants().size(); v++) {
                    BatchAnalysis.MetricStat d = diffs.get(p.index() + "/" + v + "/" + m);
                    row.add(d == null ? "-" : MetricLabels.withCi(d.mean(), d.halfWidth()));
                }
                rows.add(row);
            }
        }
        sb.append(TextTable.render(header, rows));
        sb.append(runsLine(a, r, dir, wallS, alreadyDone));
        return sb.toString();
    }
}
