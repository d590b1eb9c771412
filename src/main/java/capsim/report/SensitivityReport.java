package capsim.report;

import capsim.analysis.Sensitivity;
import capsim.config.JsonText;
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

/** Files of {@code capsim sensitivity}: the ranking as JSON and CSV, the tornado chart, the report sections. */
public final class SensitivityReport {
    private SensitivityReport() {
    }

    /** The document (deterministic: no paths or wall-clock times). */
    public static JsonObject json(String experiment, long seed, Sensitivity.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("command", "sensitivity");
        o.addProperty("experiment", experiment);
        o.addProperty("seed", seed);
        o.addProperty("range", r.range());
        o.addProperty("rule", "model numbers whose source matches /" + Sensitivity.CANDIDATE.pattern() + "/i and that no override set");
        if (r.target() != null) o.add("target", WallsReport.targetJson(r.target()));
        o.addProperty("wallMeasure", r.target() != null ? "bitesAt" : "timeS");
        JsonArray ms = new JsonArray();
        r.metrics().forEach(ms::add);
        o.add("metrics", ms);
        o.add("base", outcomeJson(r.base(), false));
        JsonArray cands = new JsonArray();
        for (Sensitivity.Entry e : r.ranked()) {
            JsonObject c = new JsonObject();
            c.addProperty("rank", e.rank());
            c.addProperty("path", e.candidate().path());
            c.add("value", JsonText.number(e.candidate().value()));
            c.addProperty("source", e.candidate().source());
            c.add("low", outcomeJson(e.low(), true));
            c.add("high", outcomeJson(e.high(), true));
            c.add("wallEffect", JsonText.number(e.wallEffect()));
            c.addProperty("resourceChanges", e.resourceChanges());
            c.add("metricEffect", JsonText.number(e.metricEffect()));
            cands.add(c);
        }
        o.add("candidates", cands);
        o.addProperty("runs", r.runs());
        return o;
    }

    private static JsonObject outcomeJson(Sensitivity.Outcome out, boolean perturbed) {
        JsonObject o = new JsonObject();
        if (perturbed) o.add("value", JsonText.number(out.value()));
        if (!out.valid()) {
            o.addProperty("invalid", out.invalid());
            return o;
        }
        if (out.hasWall()) {
            JsonObject w = new JsonObject();
            w.addProperty("resource", out.wallResource());
            w.add("at", JsonText.number(out.wallAt()));
            o.add("wall", w);
        }
        JsonObject m = new JsonObject();
        out.metrics().forEach((k, v) -> m.add(k, JsonText.number(v)));
        o.add("metrics", m);
        return o;
    }

    /** One row per candidate and direction, in rank order. */
    public static void writeCsv(Path p, Sensitivity.Result r) throws IOException {
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            List<String> head = new ArrayList<>(List.of("rank", "path", "value", "direction", "perturbed", "valid", "wallResource",
                    r.target() != null ? "wallBitesAt" : "wallTimeS"));
            head.addAll(r.metrics());
            head.addAll(List.of("wallEffect", "resourceChanges", "metricEffect", "source", "invalid"));
            w.write(Csv.row(head));
            for (Sensitivity.Entry e : r.ranked()) {
                for (int side = 0; side < 2; side++) {
                    Sensitivity.Outcome o = side == 0 ? e.low() : e.high();
                    List<String> row = new ArrayList<>(List.of(Integer.toString(e.rank()), e.candidate().path(),
                            RunWriter.num(e.candidate().value()), side == 0 ? "low" : "high", RunWriter.num(o.value()),
                            Boolean.toString(o.valid()), o.wallResource(), RunWriter.num(o.wallAt())));
                    for (String m : r.metrics()) row.add(RunWriter.num(o.metrics().getOrDefault(m, Double.NaN)));
                    row.addAll(List.of(RunWriter.num(e.wallEffect()), Boolean.toString(e.resourceChanges()),
                            RunWriter.num(e.metricEffect()), e.candidate().source(), o.invalid()));
                    w.write(Csv.row(row));
                }
            }
        }
    }

    /** "±50 %". */
    public static String rangeText(double range) {
        return "±" + MetricLabels.value(range * 100) + " %";
    }

    /** Where the first wall bites: a count with a target, a simulated time without. */
    public static String at(Sensitivity.Result r, double at) {
        if (Double.isNaN(at)) return "-";
        return r.target() != null ? HumanSummary.count((long) at) : HumanSummary.duration(at);
    }

    /** An outcome's first wall in a table cell: "host.memory 2,828", "no wall", "invalid". */
    public static String wall(Sensitivity.Result r, Sensitivity.Outcome o) {
        if (!o.valid()) return "invalid";
        if (!o.hasWall()) return r.target() != null ? "passes" : "no wall";
        return (o.wallResource().equals(r.base().wallResource()) ? "" : o.wallResource() + " ") + at(r, o.wallAt());
    }

    /** A relative effect in percent: "8.1 %". */
    public static String percent(double effect) {
        if (effect == 0) return "0";
        double p = effect * 100;
        return (p >= 10 ? String.format(Locale.ROOT, "%.0f", p) : p >= 0.1 ? String.format(Locale.ROOT, "%.1f", p)
                : String.format(Locale.ROOT, "%.2g", p)) + " %";
    }

    /** The ranking's rows (the first {@code top}, all when top <= 0): rank, path, value, low, high, wall at low / high, effects. */
    public static List<List<String>> rows(Sensitivity.Result r, int top) {
        List<List<String>> rows = new ArrayList<>();
        for (Sensitivity.Entry e : r.ranked()) {
            if (top > 0 && rows.size() >= top) break;
            rows.add(List.of(e.rank() + ".", e.candidate().path(), MetricLabels.value(e.candidate().value()),
                    MetricLabels.value(e.low().value()) + " / " + MetricLabels.value(e.high().value()),
                    wall(r, e.low()) + " / " + wall(r, e.high()), percent(e.wallEffect()) + (e.resourceChanges() ? " *" : ""),
                    percent(e.metricEffect())));
        }
        return rows;
    }

    public static List<String> header(Sensitivity.Result r) {
        return List.of(">#", "number", ">value", ">low / high", ">first wall low / high", ">wall moves", ">metrics move");
    }

    /** The tornado chart of the first {@code top} candidates (the wall, or the first metric when the base has no wall). */
    public static RunReport.Written tornadoChart(Path dir, String experiment, Sensitivity.Result r, int top) throws IOException {
        boolean wall = r.base().hasWall();
        String metric = r.metrics().get(0);
        List<String> names = new ArrayList<>();
        List<Sensitivity.Entry> shown = r.ranked().subList(0, Math.min(r.ranked().size(), top > 0 ? top : r.ranked().size()));
        double[] low = new double[shown.size()];
        double[] high = new double[shown.size()];
        for (int i = 0; i < shown.size(); i++) {
            Sensitivity.Entry e = shown.get(i);
            names.add(e.candidate().path() + " " + MetricLabels.value(e.candidate().value()));
            low[i] = chartValue(r, e.low(), wall, metric);
            high[i] = chartValue(r, e.high(), wall, metric);
        }
        double base = chartValue(r, r.base(), wall, metric);
        String what = wall ? "first wall (" + r.base().wallResource() + ")" : metric;
        String axis = wall ? (r.target() != null ? "first wall bites at " + String.join(" = ", r.target().paths())
                : "first breaking point, simulated time (s)") : metric;
        String title = "Which assumption matters: " + what;
        String sub = experiment + ": each number moved " + rangeText(r.range()) + " alone, same seed; largest effect on top";
        String pct = MetricLabels.value(r.range() * 100) + " %";
        ChartFiles.save(Charts.tornado(title, sub, axis, names, base, low, high, "-" + pct, "+" + pct), dir.resolve("charts"),
                "tornado", ChartFiles.WIDTH, Math.max(ChartFiles.HEIGHT, 120 + 34 * names.size()));
        return new RunReport.Written(title, "tornado");
    }

    private static double chartValue(Sensitivity.Result r, Sensitivity.Outcome o, boolean wall, String metric) {
        if (!o.valid()) return Double.NaN;
        if (!wall) return o.metrics().getOrDefault(metric, Double.NaN);
        if (!o.hasWall()) return r.target() != null ? r.target().value() : Double.NaN;
        return o.wallAt();
    }

    /** The report's sections: the base, the ranking, the metrics, the candidates with their sources. */
    public static void sections(ReportDoc doc, Sensitivity.Result r) {
        doc.heading("Which assumption matters");
        doc.para("Each estimated or assumed number was moved " + rangeText(r.range()) + " alone (integers rounded, kept in the"
                + " range the model allows), with the same seed, and the experiment re-run. "
                + (r.target() != null ? "The first wall is the smallest " + r.target().label() + " that breaks (bisection up to "
                + HumanSummary.count(r.target().value()) + ")." : "The first wall is the run's first breaking point (its time).")
                + " Ranked by how far the first wall moves (relative; 100 % when it appears or disappears), then by a change of"
                + " the wall's resource (marked *), then by the largest relative change of a metric (" + String.join(", ", r.metrics())
                + "). " + r.runs() + " runs.");
        doc.para("Base: " + (r.base().hasWall() ? "first wall " + r.base().wallResource() + " at " + at(r, r.base().wallAt())
                : r.target() != null ? "the target passes" : "no breaking point") + ".");
        doc.table(header(r), rows(r, 0));
        doc.subheading("Metrics");
        List<String> mh = new ArrayList<>(List.of("number", "direction", "value"));
        mh.addAll(r.metrics());
        List<List<String>> mrows = new ArrayList<>();
        List<String> baseRow = new ArrayList<>(List.of("(base)", "", ""));
        for (String m : r.metrics()) baseRow.add(MetricLabels.value(r.base().metrics().getOrDefault(m, Double.NaN)));
        mrows.add(baseRow);
        for (Sensitivity.Entry e : r.ranked()) {
            for (int side = 0; side < 2; side++) {
                Sensitivity.Outcome o = side == 0 ? e.low() : e.high();
                List<String> row = new ArrayList<>(List.of("`" + e.candidate().path() + "`", side == 0 ? "low" : "high",
                        MetricLabels.value(o.value())));
                for (String m : r.metrics()) row.add(o.valid() ? MetricLabels.value(o.metrics().getOrDefault(m, Double.NaN)) : "invalid");
                mrows.add(row);
            }
        }
        doc.table(mh, mrows);
        List<String> invalid = new ArrayList<>();
        for (Sensitivity.Entry e : r.ranked()) {
            for (Sensitivity.Outcome o : List.of(e.low(), e.high())) {
                if (!o.valid()) invalid.add("`" + e.candidate().path() + "` = " + MetricLabels.value(o.value()) + ": " + o.invalid());
            }
        }
        if (!invalid.isEmpty()) {
            doc.subheading("Perturbations that make the experiment invalid");
            doc.bullets(invalid);
        }
        doc.subheading("Candidates and their sources");
        doc.para("A candidate is a model number written {\"value\", \"source\"} whose source matches /"
                + Sensitivity.CANDIDATE.pattern() + "/ (case-insensitive); a value an override set (in the file or with --set) is stated, not estimated, and is none; "
                + "nor is a number that only step kinds this workload does not have read (a stop's time where no guest is stopped).");
        List<List<String>> crows = new ArrayList<>();
        for (Sensitivity.Candidate c : r.candidates()) {
            crows.add(List.of("`" + c.path() + "`", MetricLabels.value(c.value()), c.source()));
        }
        doc.table(List.of("number", ">value", "source"), crows);
    }
}
