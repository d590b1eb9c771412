package capsim.experiment;

import capsim.config.Binder;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.InputException;
import capsim.config.Origin;
import capsim.config.PositionedJson;
import capsim.config.Range;
import capsim.scenario.ModelFiles;
import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep file ({@code capsim sweep FILE}), bound strictly by {@link Binder} like an experiment
 * file: an unknown key names its path, line and the closest valid key. The command line adds
 * axes and overrides to it and its options win over the file's.
 */
@Doc("a capsim sweep: an experiment over axes, R replications per point")
public record SweepFile(
        @Doc("what this sweep shows") @Default("\"\"") String description,
        @Doc("experiment file (a path, relative to the working directory or to this file)") String experiment,
        @Doc("the axes; several form a cartesian product (--axis adds more)") @Default("[]") List<AxisSpec> axes,
        @Doc("replications per point, on seeds seed, seed+1, ... (default 3; --replications wins)") @Default("null") @Range(min = 1, max = BatchPlan.MAX_REPLICATIONS, why = BatchPlan.WHY_REPLICATIONS) Integer replications,
        @Doc("seed of the first replication (default: the experiment's; --seed wins)") @Default("null") Long seed,
        @Doc("overrides of every point, applied before the axes' values: {\"host.cpus\": 128, ...}") @Default("{}") Map<String, JsonElement> overrides,
        @Doc("metrics to chart and tabulate (default: key metrics that vary; --metric wins)") @Default("[]") List<String> metrics) {

    /** One axis as a sweep file writes it. */
    @Doc("one axis: paths set together and the values they take")
    public record AxisSpec(
            @Doc("a JSON path of the resolved experiment, or several comma-separated paths that move together") String path,
            @Doc("the values: a list, or a string of values and ranges as --axis takes them (\"16..4096*2\", \"0..100:25\", \"1,2,4\")") JsonElement values) {
    }

    /**
     * A sweep file as read: its contents, the experiment file it names (found), its axes parsed,
     * where each override is written (for errors) and where its metrics are.
     */
    public record Read(SweepFile file, Path experiment, List<Axis> axes, Map<String, Origin> overrideSources, Origin metrics) {
    }

    /** True when a JSON document is a sweep file rather than an experiment: it names an experiment or has axes. */
    public static boolean isSweepFile(JsonElement root) {
        return root.isJsonObject() && (root.getAsJsonObject().has("experiment") || root.getAsJsonObject().has("axes"));
    }

    /** Reads and binds a sweep file; any problem is an {@link InputException} naming file, path and line. */
    public static Read read(Path file) {
        PositionedJson doc = PositionedJson.read(file);
        Map<String, Origin> origins = doc.origins("");
        SweepFile f = new Binder(origins, doc.file()).bind(doc.root(), SweepFile.class);
        Path found = ModelFiles.find(file, f.experiment()).orElseThrow(() -> new InputException(doc.file(), "experiment",
                doc.line("experiment"), "experiment file not found: " + f.experiment()));
        if (!Path.of(f.experiment()).isAbsolute() && found.isAbsolute()) {
            found = Path.of("").toAbsolutePath().relativize(found.normalize());
        }
        List<Axis> axes = new ArrayList<>();
        for (int i = 0; i < f.axes().size(); i++) axes.add(axis(f.axes().get(i), "axes[" + i + "]", doc));
        // before anything is loaded or written: a product of two 50,000-value axes overflows an int
        BatchPlan.checkQuotas(axes, 1, f.replications() == null ? 1 : f.replications(), doc.file(), "axes", doc.line("axes"));
        Map<String, Origin> sources = new java.util.HashMap<>();
        for (String k : f.overrides().keySet()) {
            String at = capsim.config.JsonPaths.child("overrides", k);
            sources.put(k, new Origin(doc.file(), doc.line(at), at));
        }
        return new Read(f, found, axes, sources, new Origin(doc.file(), doc.line("metrics"), "metrics"));
    }

    private static Axis axis(AxisSpec a, String at, PositionedJson doc) {
        List<String> paths = new ArrayList<>();
        for (String p : a.path().split(",", -1)) {
            if (p.isBlank()) throw new InputException(doc.file(), at + ".path", doc.line(at + ".path"), "empty path in \"" + a.path() + "\"");
            paths.add(p.trim());
        }
        String valuesAt = at + ".values";
        JsonElement v = a.values();
        List<JsonElement> values = new ArrayList<>();
        if (v.isJsonArray()) {
            v.getAsJsonArray().forEach(values::add);
        } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
            try {
                values.addAll(Axis.parseValues(v.getAsString(), doc.file()));
            } catch (InputException e) {
                throw new InputException(doc.file(), valuesAt, doc.line(valuesAt), e.problem());
            }
        } else {
            throw new InputException(doc.file(), valuesAt, doc.line(valuesAt),
                    "expected a list of values or a string of ranges such as \"16..4096*2\"");
        }
        if (values.isEmpty()) throw new InputException(doc.file(), valuesAt, doc.line(valuesAt), "axis " + paths + " has no values");
        return new Axis(paths, values, new Origin(doc.file(), doc.line(at), at));
    }
}
