package capsim.report;

import capsim.config.JsonText;
import capsim.measure.Unit;
import capsim.stat.Curve;
import capsim.model.HostSystem.GuestRow;
import capsim.scenario.RunResult;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes one run into a results folder: the inputs as resolved, summary.json (deterministic:
 * no wall-clock values), guests.csv (one row per guest start) and usage.csv (each tracked
 * resource's usage against its limit over simulated time), one {@code curve-NAME.csv} per curve
 * a step produced, and columns.csv with every column's unit and meaning.
 */
public final class RunWriter {
    private RunWriter() {
    }

    public static void write(Path dir, JsonObject resolvedInputs, RunResult r) throws IOException {
        writeString(dir.resolve("experiment.resolved.json"), JsonText.PRETTY.toJson(resolvedInputs) + "\n");
        writeString(dir.resolve("summary.json"), JsonText.PRETTY.toJson(Json.runDocument(r)) + "\n");
        try (Writer w = Files.newBufferedWriter(dir.resolve("guests.csv"), StandardCharsets.UTF_8)) {
            w.write("guest,requestedS,endedS,latencyS,state\n");
            for (GuestRow g : r.guests()) {
                w.write(g.guest() + "," + num(g.requestedS()) + "," + num(g.endedS()) + "," + num(g.latencyS())
                        + "," + g.state().name().toLowerCase(Locale.ROOT) + "\n");
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("usage.csv"), StandardCharsets.UTF_8)) {
            w.write("resource,timeS,used,limit,unit\n");
            for (RunResult.UsageTrace u : r.usage()) {
                String limit = u.limit() == Long.MAX_VALUE ? "" : Long.toString(u.limit());
                for (int i = 0; i < u.timeS().length; i++) {
                    w.write(u.resource() + "," + num(u.timeS()[i]) + "," + u.used()[i] + "," + limit + "," + u.unit().symbol() + "\n");
                }
            }
        }
        Columns columns = new Columns();
        columns.add("guests.csv", "guest", "", "guest number");
        for (String t : new String[] {"requestedS", "endedS", "latencyS"}) {
            columns.add("guests.csv", t, Unit.S.symbol(), MetricLabels.words(t, Unit.S) + (t.equals("latencyS") ? " (ended − requested)" : ""));
        }
        columns.add("guests.csv", "state", "", "running, failed, starting, stopped or destroyed");
        columns.add("usage.csv", "resource", "", "the tracked resource");
        columns.add("usage.csv", "timeS", Unit.S.symbol(), "simulated time of the change");
        columns.add("usage.csv", "used", "(unit column)", "in use from that time on");
        columns.add("usage.csv", "limit", "(unit column)", "the resource's limit (empty: none)");
        columns.add("usage.csv", "unit", "", "unit of used and limit");
        for (Curve c : r.curves()) {
            for (Curve.Column col : c.columnTypes()) {
                columns.add("curve-" + c.name() + ".csv", col.name(), col.unit() == Unit.COUNT ? "" : col.unit().symbol(),
                        MetricLabels.words(col.name(), col.unit()) + " (" + col.role().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        columns.write(dir.resolve("columns.csv"));
        for (Curve c : r.curves()) {
            try (Writer w = Files.newBufferedWriter(dir.resolve("curve-" + c.name() + ".csv"), StandardCharsets.UTF_8)) {
                w.write(String.join(",", c.columns()) + "\n");
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < c.rows(); i++) {
                    row.setLength(0);
                    for (int j = 0; j < c.columns().size(); j++) {
                        if (j > 0) row.append(',');
                        row.append(num(c.get(i, j)));
                    }
                    w.write(row.append('\n').toString());
                }
            }
        }
    }

    public static void writeString(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8);
    }

    /** A number for CSV: empty for NaN, plain decimal otherwise. */
    public static String num(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }
}
