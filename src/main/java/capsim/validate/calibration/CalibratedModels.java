package capsim.validate.calibration;

import capsim.config.JsonPaths;
import capsim.config.JsonText;
import capsim.report.Json;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what calibration fitted as model files: the detected host with its fitted {@code host.*}
 * parameters, per QEMU target a stack model (the matched stack with its fitted {@code stack.*}
 * parameters replaced), the costs file of operations the simulator does not model, and
 * calibration.json with every parameter. Each value's source
 * names the host, the date, the curve it was fitted on and how well it predicted the check points.
 */
public final class CalibratedModels {
    /** Costs-file fields and the calibrated parameter (target, name) that sets each. */
    private static final Map<String, String[]> COSTS = new LinkedHashMap<>();

    static {
        COSTS.put("resetBaseMs", new String[] {"s390x", "extra.resetBaseMs"});
        COSTS.put("bridgeAttachBaseUs", new String[] {"kernel", "extra.bridgeAttachBaseUs"});
    }

    /**
     * The slope of a QEMU's start time over its disks: realizing a disk plus its one reset at
     * start. {@link #derive} splits it into stack.qemu.deviceRealizeMs and the drain.
     */
    public static final String START_PER_DISK = "derived.startPerDiskMs";

    private CalibratedModels() {
    }

    /**
     * Parameters that follow from fitted ones: deviceRealizeMs = start slope per disk minus the
     * drain of the disk's one reset at start (drainPollMs as calibrated from system_reset, on the
     * same target if it was, else on another, else the stack's), for each target whose start slope was fitted.
     */
    public static List<Calibration.Parameter> derive(List<Calibration.Parameter> params, double stackDrainPollMs) {
        List<Calibration.Parameter> out = new ArrayList<>(params);
        for (Calibration.Parameter p : params) {
            if (!p.name().equals(START_PER_DISK)) continue;
            // the drain fitted on this target, else on another (an idle aio_poll is host work, not guest emulation), else the stack's
            double drain = stackDrainPollMs;
            String from = "the stack's drainPollMs " + stackDrainPollMs;
            int rank = 0;
            Calibration.Parameter source = null;
            for (Calibration.Parameter d : params) {
                if (!d.name().equals("stack.qemu.drainPollMs")) continue;
                int r = d.target().equals(p.target()) ? 2 : 1;
                if (r <= rank) continue;
                rank = r;
                source = d;
                drain = d.value();
                from = "drainPollMs " + round(d.value()) + " fitted from " + d.series();
            }
            if (rank == 1) {
                // the calibrated stack of this target must carry the drain its realize time was derived with
                out.add(new Calibration.Parameter(p.target(), "stack.qemu.drainPollMs", drain, source.series() + " (measured on "
                        + source.target() + ")", source.fitRange(), source.fitPoints(), source.checkPoints(), source.checkMape(), source.fitRms()));
            }
            out.add(new Calibration.Parameter(p.target(), "stack.qemu.deviceRealizeMs", p.value() - drain,
                    p.series() + " slope " + round(p.value()) + " ms per disk minus one reset's drain (" + from + ")",
                    p.fitRange(), p.fitPoints(), p.checkPoints(), p.checkMape(), p.fitRms()));
        }
        return out;
    }

    /** File name stem for a host: its name with anything unusual replaced. */
    public static String hostLabel(String hostname) {
        String h = hostname.replaceAll("[^A-Za-z0-9.-]", "_");
        return h.isEmpty() ? "host" : h;
    }

    /** Writes a model file into the results folder and, when {@code modelDir} is given, there too (adding it to {@code written}). */
    private static void writeModel(JsonObject tree, String name, Path resultsDir, Path modelDir, List<Path> written) throws IOException {
        String text = JsonText.PRETTY.toJson(tree) + "\n";
        Files.writeString(resultsDir.resolve(name + ".json"), text, StandardCharsets.UTF_8);
        if (modelDir == null) return;
        Path out = modelDir.resolve(name + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        written.add(out);
    }

    /**
     * Writes the files into {@code resultsDir} and, when {@code modelDir} is given, the stack
     * models into {@code modelDir/stacks} and the costs into {@code modelDir/validate}.
     * Returns the paths written under modelDir.
     */
    public static List<Path> write(List<Calibration.Parameter> params, Path baseStack, Path baseCosts, Path baseHost, String host,
                                   String provenance, Path resultsDir, Path modelDir) throws IOException {
        List<Path> written = new ArrayList<>();
        String label = hostLabel(host);
        if (baseHost != null && params.stream().anyMatch(p -> p.name().startsWith("host."))) {
            JsonObject tree = JsonParser.parseString(Files.readString(baseHost, StandardCharsets.UTF_8)).getAsJsonObject();
            String name = "calibrated-" + label;
            tree.addProperty("name", name);
            tree.addProperty("description", "This machine (" + host + ") as capsim host detect read it, with the host costs "
                    + "capsim validate --calibrate fitted on it.");
            for (Calibration.Parameter p : params) {
                if (p.name().startsWith("host.")) JsonPaths.set(tree, p.name().substring("host.".length()), sourced(p, provenance));
            }
            writeModel(tree, name, resultsDir, modelDir == null ? null : modelDir.resolve("hosts"), written);
        }
        Set<String> targets = new LinkedHashSet<>();
        for (Calibration.Parameter p : params) if (p.name().startsWith("stack.")) targets.add(p.target());
        for (String target : targets) {
            JsonObject tree = JsonParser.parseString(Files.readString(baseStack, StandardCharsets.UTF_8)).getAsJsonObject();
            String name = "calibrated-" + label + "-tcg-" + target;
            tree.addProperty("name", name);
            String base = baseStack.getFileName().toString();
            tree.addProperty("description", "The stack of " + base + " with the costs capsim validate --calibrate fitted for qemu-system-"
                    + target + " under TCG on " + host + ".");
            tree.addProperty("source", provenance + "; other values as in " + base);
            for (Calibration.Parameter p : params) {
                if (!p.target().equals(target) || !p.name().startsWith("stack.")) continue;
                JsonPaths.set(tree, p.name().substring("stack.".length()), sourced(p, provenance));
            }
            writeModel(tree, name, resultsDir, modelDir == null ? null : modelDir.resolve("stacks"), written);
        }
        JsonObject costs = JsonParser.parseString(Files.readString(baseCosts, StandardCharsets.UTF_8)).getAsJsonObject();
        boolean any = false;
        for (var e : COSTS.entrySet()) {
            for (Calibration.Parameter p : params) {
                if (p.target().equals(e.getValue()[0]) && p.name().equals(e.getValue()[1])) {
                    costs.add(e.getKey(), sourced(p, provenance));
                    any = true;
                }
            }
        }
        if (any) {
            String name = "calibrated-" + label + "-tcg-costs";
            costs.addProperty("source", provenance + "; values not fitted in this run as in " + baseCosts.getFileName());
            writeModel(costs, name, resultsDir, modelDir == null ? null : modelDir.resolve("validate"), written);
        }
        JsonObject all = new JsonObject();
        all.addProperty("source", provenance);
        JsonObject byTarget = new JsonObject();
        for (Calibration.Parameter p : params) {
            if (!byTarget.has(p.target())) byTarget.add(p.target(), new JsonObject());
            byTarget.getAsJsonObject(p.target()).add(p.name(), sourced(p, provenance));
        }
        all.add("parameters", byTarget);
        Files.writeString(resultsDir.resolve("calibration.json"), JsonText.PRETTY.toJson(all) + "\n", StandardCharsets.UTF_8);
        return written;
    }

    /** {"value": v, "source": "..."}; a negative fitted cost is clamped to 0 and says so. */
    static JsonObject sourced(Calibration.Parameter p, String provenance) {
        double v = p.value();
        String clamp = "";
        if (v < 0) {
            clamp = "; fitted " + round(v) + ", clamped to 0 (a cost cannot be negative)";
            v = 0;
        }
        JsonObject o = new JsonObject();
        o.add("value", JsonText.number(round(v)));
        o.addProperty("source", provenance + "; " + p.describe() + clamp);
        return o;
    }

    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }
}
