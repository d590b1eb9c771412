package capsim.scenario;

import capsim.config.InputException;
import capsim.config.Origin;
import capsim.config.PositionedJson;
import capsim.config.VersionFacts;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The version-dependent numbers of a stack that its file does not write, from the facts tables
 * ({@value #QEMU_FACTS}) by the stack's component version: a number the stack file (or an
 * override) writes wins and keeps its own source; a derived one carries
 * {@code "fact F for QEMU R: S"} as its source in the resolved experiment.
 */
public final class StackFacts {
    /** The QEMU facts table, found like a model file: as given, else beside or above the stack file. */
    public static final String QEMU_FACTS = "models/facts/qemu.json";

    private StackFacts() {
    }

    /**
     * Fills {@code stack.qemu} of an experiment tree (after every override, so that
     * {@code --set stack.qemu.version=8.2} counts). {@code referrer} is what the stack file name
     * was resolved from (the experiment file).
     */
    static void fill(JsonObject tree, Map<String, Origin> origins, Path referrer) {
        JsonElement stack = tree.get("stack");
        if (stack == null || !stack.isJsonObject()) return;
        String stackFile = tree.has("stackFile") && tree.get("stackFile").isJsonPrimitive() ? tree.get("stackFile").getAsString() : null;
        Path stackPath = stackFile == null ? referrer : ModelFiles.find(referrer, stackFile).orElse(referrer);
        fillStack(stack.getAsJsonObject(), "stack.", stackPath, stackFile == null ? referrer.toString() : stackFile, origins);
    }

    /**
     * Fills the qemu section of a stack model {@code stack} (its paths prefixed by {@code prefix},
     * "stack." in an experiment, "" for a stack file alone) read from {@code stackPath};
     * errors name {@code stackLabel}.
     */
    public static void fillStack(JsonObject stack, String prefix, Path stackPath, String stackLabel, Map<String, Origin> origins) {
        JsonElement q = stack.get("qemu");
        if (q == null || !q.isJsonObject()) return;
        JsonObject qemu = q.getAsJsonObject();
        JsonElement v = qemu.get("version");
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) return; // the binder says what is wrong
        String path = prefix + "qemu";
        Origin o = origins.get(path + ".version");
        int line = o != null && !o.file().startsWith("--set") ? o.line() : 0;
        String where = o != null && o.file().startsWith("--set") ? stackLabel + " (version from " + o.file() + ")" : stackLabel;
        qemuFacts(stackPath, where, path, line).fill(qemu, v.getAsString(), path, origins, where, line);
    }

    /** The QEMU facts table for a stack file at {@code stackPath}. */
    public static VersionFacts qemuFacts(Path stackPath, String errFile, String errPath, int errLine) {
        Optional<Path> found = ModelFiles.find(stackPath, QEMU_FACTS);
        if (found.isEmpty()) {
            throw new InputException(errFile, errPath + ".version", errLine, "facts table " + QEMU_FACTS
                    + " not found (looked beside and above " + stackPath + ")");
        }
        try {
            return VersionFacts.of(PositionedJson.parse(QEMU_FACTS, Files.readString(found.get())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
