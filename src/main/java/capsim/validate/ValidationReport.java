package capsim.validate;

import capsim.config.JsonText;
import capsim.report.Json;
import capsim.report.RunWriter;
import capsim.validate.calibration.Calibration;
import capsim.validate.calibration.ErrorMetrics;
import capsim.validate.calibration.Series;
import capsim.validate.probe.LimitCheck;
import capsim.validate.probe.ProbeResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a validation run: curves.csv (every point: measured, predicted, calibrated, and whether
 * it fitted or checked the calibration), errors.csv (per curve), limits.csv (per hard limit),
 * summary.json, one chart per probe and group, and the table printed on the terminal.
 */
public final class ValidationReport {
    private ValidationReport() {
    }

    public static void writeCurves(Path file, List<ProbeResult> results) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("probe,group,metric,unit,x,measured,predicted,calibrated,role\n");
            for (ProbeResult r : results) {
                for (Series s : r.series()) {
                    double[] x = s.x();
                    double[] m = s.measured();
                    double[] p = s.predicted();
                    double[] c = s.calibrated();
                    for (int i = 0; i < x.length; i++) {
                        String role = s.role(i);
                        w.write(String.join(",", s.probe(), s.group(), s.metric(), csv(s.unit()), RunWriter.num(x[i]),
                                RunWriter.num(m[i]), RunWriter.num(p[i]), c == null ? "" : RunWriter.num(c[i]), role) + "\n");
                    }
                }
            }
        }
    }

    public static void writeErrors(Path file, List<ProbeResult> results) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("probe,group,metric,points,mape,maxAbsError,maxRelError,growthMeasured,growthPredicted,tolerance,verdict,"
                    + "calibratedCheckPoints,calibratedCheckMape,heldOutPoints,heldOutMape\n");
            for (ProbeResult r : results) {
                for (Series s : r.series()) {
                    ErrorMetrics.Stats e = s.errors();
                    ErrorMetrics.Stats c = s.calibratedCheckErrors();
                    // judged on the held-out points where the probe declared calibration points
                    ErrorMetrics.Stats h = s.hasDeclaredSplit() ? s.judgedErrors() : null;
                    w.write(String.join(",", s.probe(), s.group(), s.metric(), Integer.toString(e.points()),
                            RunWriter.num(e.mape()), RunWriter.num(e.maxAbsError()), RunWriter.num(e.maxRelError()),
                            RunWriter.num(e.growthMeasured()), RunWriter.num(e.growthPredicted()), csv(s.tolerance().describe()),
                            verdict(s), c == null ? "" : Integer.toString(c.points()),
                            c == null ? "" : RunWriter.num(c.mape()),
                            !s.hasDeclaredSplit() ? "" : Integer.toString(h == null ? 0 : h.points()),
                            h == null ? "" : RunWriter.num(h.mape())) + "\n");
                }
            }
        }
    }

    public static void writeLimits(Path file, List<ProbeResult> results) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("probe,group,limit,predicted,measured,reached,verdict,refusal\n");
            for (ProbeResult r : results) {
                for (LimitCheck l : r.limits()) {
                    w.write(String.join(",", l.probe(), l.group(), csv(l.what()), Long.toString(l.predicted()),
                            Long.toString(l.measured()), Boolean.toString(l.reached()), csv(l.verdict()), csv(l.refusal())) + "\n");
                }
            }
        }
    }

    /** One chart per probe and group, named {@code <probe>-<group>}; returns the file bases. */
    public static List<String> writeCharts(Path dir, List<ProbeResult> results) throws IOException {
        List<String> out = new ArrayList<>();
        for (ProbeResult r : results) {
            Map<String, List<Series>> byGroup = new LinkedHashMap<>();
            for (Series s : r.series()) if (s.size() > 0) byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
            for (var e : byGroup.entrySet()) {
                String base = r.probe() + "-" + e.getKey();
                ValidationChart.write(dir, base, r.probe() + " " + e.getKey() + ": measured vs predicted", e.getValue(), 800, 220);
                out.add(base);
            }
        }
        return out;
    }

    public static JsonObject summary(JsonObject run, List<ProbeResult> results, List<Calibration.Parameter> params) {
        JsonObject o = run.deepCopy();
        JsonArray probes = new JsonArray();
        for (ProbeResult r : results) {
            JsonObject p = new JsonObject();
            p.addProperty("probe", r.probe());
            if (r.skippedReason() != null) {
                p.addProperty("skipped", r.skippedReason());
                probes.add(p);
                continue;
            }
            p.addProperty("verdict", r.passes() ? "pass" : "fail");
            p.add("wallS", JsonText.number(r.wallS()));
            JsonArray series = new JsonArray();
            for (Series s : r.series()) {
                JsonObject so = new JsonObject();
                so.addProperty("group", s.group());
                so.addProperty("metric", s.metric());
                so.addProperty("unit", s.unit());
                so.addProperty("tolerance", s.tolerance().describe());
                // what kind of figure the error is about: a count that must be exact, or a time / memory judged by MAPE
                so.addProperty("kind", s.tolerance().exact() ? "count" : s.unit().equals("MiB") ? "memory" : "time");
                so.addProperty("x", s.xLabel());
                JsonArray pts = new JsonArray();
                double[] xs = s.x();
                double[] ms = s.measured();
                double[] ps = s.predicted();
                for (int i = 0; i < xs.length; i++) {
                    JsonObject po = new JsonObject();
                    po.add("x", JsonText.number(xs[i]));
                    po.add("measured", JsonText.number(ms[i]));
                    po.add("predicted", JsonText.number(ps[i]));
                    if (s.hasDeclaredSplit()) po.addProperty("role", s.role(i).equals("fit") ? "calibration" : "held-out");
                    s.contextOf(i).forEach((k, v) -> po.add(k, JsonText.number(v)));
                    pts.add(po);
                }
                so.add("points", pts);
                so.addProperty("verdict", verdict(s));
                so.add("errors", stats(s.errors()));
                if (s.hasDeclaredSplit()) {
                    ErrorMetrics.Stats h = s.judgedErrors();
                    // the verdict's errors: the points held out from calibration (none yet: not judged)
                    if (h != null) so.add("heldOutErrors", stats(h));
                }
                ErrorMetrics.Stats c = s.calibratedCheckErrors();
                if (c != null) so.add("calibratedCheckErrors", stats(c));
                if (!s.note().isEmpty()) so.addProperty("note", s.note());
                series.add(so);
            }
            p.add("series", series);
            JsonArray limits = new JsonArray();
            for (LimitCheck l : r.limits()) {
                JsonObject lo = new JsonObject();
                lo.addProperty("group", l.group());
                lo.addProperty("limit", l.what());
                lo.addProperty("predicted", l.predicted());
                lo.addProperty("measured", l.measured());
                lo.addProperty("reached", l.reached());
                lo.addProperty("verdict", l.verdict());
                lo.addProperty("refusal", l.refusal());
                limits.add(lo);
            }
            p.add("limits", limits);
            if (!r.measurements().isEmpty()) {
                JsonArray ms = new JsonArray();
                for (ProbeResult.Measurement m : r.measurements()) {
                    JsonObject mo = new JsonObject();
                    mo.addProperty("name", m.name());
                    mo.add("value", JsonText.number(m.value()));
                    mo.addProperty("unit", m.unit());
                    mo.addProperty("how", m.how());
                    ms.add(mo);
                }
                p.add("measurements", ms);
            }
            JsonArray notes = new JsonArray();
            r.notes().forEach(notes::add);
            p.add("notes", notes);
            probes.add(p);
        }
        o.add("probes", probes);
        if (!params.isEmpty()) {
            JsonArray cal = new JsonArray();
            for (Calibration.Parameter c : params) {
                JsonObject co = new JsonObject();
                co.addProperty("target", c.target());
                co.addProperty("parameter", c.name());
                co.add("value", JsonText.number(c.value()));
                co.addProperty("from", c.describe());
                cal.add(co);
            }
            o.add("calibration", cal);
        }
        return o;
    }

    private static JsonObject stats(ErrorMetrics.Stats e) {
        JsonObject o = new JsonObject();
        o.addProperty("points", e.points());
        o.add("mape", JsonText.number(e.mape()));
        o.add("maxAbsError", JsonText.number(e.maxAbsError()));
        o.add("maxRelError", JsonText.number(e.maxRelError()));
        o.add("growthMeasured", JsonText.number(e.growthMeasured()));
        o.add("growthPredicted", JsonText.number(e.growthPredicted()));
        return o;
    }

    /** The table printed at the end of a run. */
    public static String table(List<ProbeResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %-15s %-12s %4s %8s %10s %13s %-10s %-7s %s%n", "probe", "group", "metric", "pts",
                "MAPE", "max err", "growth m/p", "tolerance", "verdict", "calibrated: check MAPE"));
        for (ProbeResult r : results) {
            if (r.skippedReason() != null) continue;
            for (Series s : r.series()) {
                if (s.size() == 0) continue;
                // the points the verdict is about: the held-out ones where the probe declared calibration points
                ErrorMetrics.Stats e = s.judgedErrors() != null ? s.judgedErrors() : s.errors();
                ErrorMetrics.Stats c = s.calibratedCheckErrors();
                sb.append(String.format(Locale.ROOT, "%-14s %-15s %-12s %4d %7s%% %10s %13s %-10s %-7s %s%n", s.probe(), s.group(),
                        s.metric(), e.points(), pct(e.mape()), num(e.maxAbsError()),
                        num(e.growthMeasured()) + "/" + num(e.growthPredicted()),
                        s.tolerance().describe() + (s.hasDeclaredSplit() ? " held-out" : ""),
                        verdict(s).equals("fail") ? "FAIL" : verdict(s), c == null ? "" : pct(c.mape()) + "% on " + c.points() + " points"));
            }
        }
        boolean anyLimit = results.stream().anyMatch(r -> !r.limits().isEmpty());
        if (anyLimit) {
            sb.append(String.format(Locale.ROOT, "%n%-14s %-12s %-32s %9s %9s %s%n", "probe", "group", "hard limit", "predicted", "measured", "verdict"));
            for (ProbeResult r : results) {
                for (LimitCheck l : r.limits()) {
                    sb.append(String.format(Locale.ROOT, "%-14s %-12s %-32s %9d %9d %s%s%n", l.probe(), l.group(), l.what(),
                            l.predicted(), l.measured(), l.verdict(), l.refusal().isEmpty() ? "" : "  (" + l.refusal() + ")"));
                }
            }
        }
        for (ProbeResult r : results) {
            if (r.skippedReason() != null) sb.append(String.format(Locale.ROOT, "%nskipped %s: %s", r.probe(), r.skippedReason()));
        }
        if (results.stream().anyMatch(r -> r.skippedReason() != null)) sb.append('\n');
        return sb.toString();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v * 100);
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "-";
        if (Double.isInfinite(v)) return "inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"";
        return s;
    }

    /**
     * "pass", "fail", or "reported" for a curve shown with its error but not judged (its
     * tolerance says so, or it has calibration points only).
     */
    static String verdict(Series s) {
        if (s.notJudged()) return "reported";
        return s.passes() ? "pass" : "fail";
    }
}
