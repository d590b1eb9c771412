package capsim.scenario;

import capsim.config.InputException;
import capsim.config.Origin;
import capsim.config.PositionedJson;
import capsim.config.VersionFacts;
import capsim.model.host.KernelDefaults;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The version-dependent numbers of a host and stack that their files do not write, from the
 * facts tables in {@value #FACTS_DIR} by the versions the files name (QEMU, libvirt, systemd,
 * glibc, OpenSSH, the Linux kernel): a number a file (or an override) writes wins and keeps its
 * own source; a derived one carries {@code "fact F for P R: S"} as its source in the resolved
 * experiment. Tables are applied in {@link #TABLES} order and the first that gives a field wins:
 * what systemd sets at boot (fs.file-max, fs.nr_open, kernel.pid_max) comes before the kernel's
 * compiled-in default.
 */
public final class ModelFacts {
    public static final String FACTS_DIR = "models/facts";

    /** Every facts table, in the order they fill (earlier wins). */
    public static final List<String> TABLES = List.of(
            "qemu.json", "qemu-kvm.json", "libvirt.json", "libvirt-migration.json", "systemd.json", "openssh.json", "glibc.json",
            "systemd-boot.json", "kernel.json");

    private ModelFacts() {
    }

    /**
     * Fills an experiment tree (after every override, so that {@code --set stack.qemu.version=8.2}
     * or {@code --set host.ramGiB=512} counts). {@code referrer} is the experiment file.
     */
    static void fill(JsonObject tree, Map<String, Origin> origins, Path referrer) {
        List<Path> from = new ArrayList<>();
        for (String key : new String[] {"stack", "host"}) {
            String file = tree.has(key + "File") && tree.get(key + "File").isJsonPrimitive() ? tree.get(key + "File").getAsString() : null;
            if (file != null) ModelFiles.find(referrer, file).ifPresent(from::add);
        }
        from.add(referrer);
        for (VersionFacts t : tables(from)) fillOne(t, tree, label(tree, t, referrer), origins);
    }

    /**
     * Fills a stack model alone ({@code stack}, read from {@code stackPath}; origins keyed
     * "stack.…"): only the tables whose version and part lie in the stack.
     */
    public static void fillStack(JsonObject stack, Path stackPath, String stackLabel, Map<String, Origin> origins) {
        JsonObject root = new JsonObject();
        root.add("stack", stack);
        for (VersionFacts t : tables(List.of(stackPath))) {
            if (t.versionPath().startsWith("stack.") && t.fills().startsWith("stack")) fillOne(t, root, stackLabel, origins);
        }
    }

    /**
     * Fills a host model alone ({@code host}, read from {@code hostPath}; origins keyed
     * "host.…"): the kernel's tables; what systemd sets at boot needs the stack and is left to
     * the experiment.
     */
    public static void fillHost(JsonObject host, Path hostPath, String hostLabel, Map<String, Origin> origins) {
        JsonObject root = new JsonObject();
        root.add("host", host);
        for (VersionFacts t : tables(List.of(hostPath))) {
            if (t.versionPath().startsWith("host.") && t.fills().startsWith("host")) fillOne(t, root, hostLabel, origins);
        }
    }

    private static void fillOne(VersionFacts t, JsonObject root, String label, Map<String, Origin> origins) {
        Origin o = origins.get(t.versionPath());
        boolean fromSet = o != null && o.line() == 0 && o.file().startsWith("--");
        int line = o != null && !fromSet ? o.line() : 0;
        String where = o == null || fromSet ? label + (fromSet ? " (version from " + o.file() + ")" : "") : o.file();
        t.fill(root, origins, where, line);
    }

    /** The model file a table fills (the stack or host file as the experiment names it), else the experiment. */
    private static String label(JsonObject tree, VersionFacts t, Path referrer) {
        String key = t.fills().split("\\.")[0] + "File";
        JsonElement f = tree.get(key);
        return f != null && f.isJsonPrimitive() ? f.getAsString() : referrer.toString();
    }

    /** Every facts table, found like a model file: beside or above the first of {@code from} that has them. */
    public static List<VersionFacts> tables(List<Path> from) {
        List<VersionFacts> out = new ArrayList<>();
        for (String name : TABLES) out.add(table(from, name));
        return out;
    }

    /** One facts table by file name ("qemu.json"). */
    public static VersionFacts table(List<Path> from, String name) {
        String rel = FACTS_DIR + "/" + name;
        Optional<Path> found = Optional.empty();
        for (Path p : from) {
            found = ModelFiles.find(p, rel);
            if (found.isPresent()) break;
        }
        if (found.isEmpty()) {
            throw new InputException(from.get(0).toString(), "(facts)", 0, "facts table " + rel + " not found (looked beside and above " + from + ")");
        }
        try {
            return VersionFacts.of(PositionedJson.parse(rel, Files.readString(found.get())), KernelDefaults.FORMULAS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
