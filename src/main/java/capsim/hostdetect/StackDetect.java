package capsim.hostdetect;

import capsim.model.StackSpec;
import capsim.model.libvirt.LibvirtDaemon;
import capsim.resource.Knob;
import capsim.resource.KnobKind;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The software stack of this machine as a stack model: the installed versions of QEMU, libvirt,
 * systemd, glibc and OpenSSH, and every knob the stack records mark {@code @Tunable} read where
 * the running system keeps it — qemu.conf and libvirtd.conf keys, directives of libvirtd's unit
 * and its drop-ins, sshd_config keywords — each with the file it came from. What no file sets
 * (the compiled-in default applies) and every cost keep the reference stack's value, said so in
 * the source.
 */
public final class StackDetect {
    /** The installed packages whose versions name the stack's parts. */
    static final List<Map.Entry<String, List<String>>> PACKAGES = List.of(
            Map.entry("qemu", List.of("qemu-system-x86", "qemu-system-s390x", "qemu-kvm", "qemu-system-misc")),
            Map.entry("libvirt", List.of("libvirt-daemon", "libvirt-daemon-driver-qemu", "libvirt")),
            Map.entry("machined", List.of("systemd")),
            Map.entry("glibc", List.of("libc6", "glibc")),
            Map.entry("ssh", List.of("openssh-server", "openssh")));

    private static final Pattern VERSION = Pattern.compile("^(?:\\d+:)?(\\d+\\.\\d+)");
    private static final Pattern SYSTEMD_VERSION = Pattern.compile("^(\\d+)");

    private final Path root;
    private final Function<String, Optional<String>> installedVersion;
    private final String where;
    /** The daemon whose unit and .conf file hold libvirtd's knobs on this machine (set by {@link #detect}). */
    private LibvirtDaemon daemon = LibvirtDaemon.LIBVIRTD;

    /**
     * @param root             where /etc and /lib are ("/" on a real host; a folder in tests)
     * @param installedVersion a package's installed version as the package manager says it, if installed
     */
    public StackDetect(Path root, Function<String, Optional<String>> installedVersion, String where) {
        this.root = root;
        this.installedVersion = installedVersion;
        this.where = where;
    }

    /** This machine: versions from dpkg-query (Debian) or rpm. */
    public static StackDetect ofThisHost() {
        return new StackDetect(Path.of("/"), StackDetect::packageVersion, "read on host " + HostDetect.hostname() + " by capsim host detect");
    }

    /** The stack model as JSON, from {@code reference} (a models/stacks file) with what this machine says put in. */
    public JsonObject detect(Path reference) throws IOException {
        JsonObject out = JsonParser.parseString(Files.readString(reference)).getAsJsonObject();
        out.addProperty("name", "detected");
        out.addProperty("description", "The stack of this machine: versions and configured limits " + where
                + "; costs and compiled-in defaults as in " + reference + ".");
        out.addProperty("source", where + "; every value not read here as in " + reference);
        List<String> notes = new ArrayList<>();
        for (var e : PACKAGES) {
            Optional<String> v = e.getValue().stream().map(installedVersion).flatMap(Optional::stream).findFirst();
            if (!out.has(e.getKey()) || !out.getAsJsonObject(e.getKey()).has("version")) continue;
            JsonObject part = out.getAsJsonObject(e.getKey());
            if (v.isEmpty()) {
                notes.add(e.getKey() + ": none of " + e.getValue() + " is installed; version as in the reference");
                continue;
            }
            String version = shortVersion(e.getKey(), v.get());
            String was = part.get("version").getAsString();
            part.addProperty("version", version);
            part.addProperty("source", "installed " + v.get() + " (" + where + ")");
            if (!version.equals(was)) notes.add(e.getKey() + " " + version + " installed, the reference has " + was
                    + ": its version-dependent numbers the reference does not write come from the facts tables (models/facts) by the installed version, the others are the reference's");
        }
        daemon = enabled("virtqemud") && !enabled("libvirtd") ? LibvirtDaemon.VIRTQEMUD : LibvirtDaemon.LIBVIRTD;
        if (out.has("libvirt") && out.get("libvirt").isJsonObject()) {
            JsonObject d = new JsonObject();
            d.addProperty("value", daemon.program());
            d.addProperty("source", (daemon == LibvirtDaemon.VIRTQEMUD ? "virtqemud enabled and libvirtd not" : "libvirtd (virtqemud not enabled alone)")
                    + " in /etc/systemd/system/*.wants (" + where + ")");
            out.getAsJsonObject("libvirt").add("daemon", d);
            notes.add("libvirt daemon: " + daemon.program() + " (its unit and " + daemon.confFile() + " are read for libvirtd's knobs)");
        }
        readKnobs(StackSpec.class, out, "", notes);
        out.addProperty("note", String.join("; ", notes));
        return out;
    }

    /** A unit (its .service or .socket) is enabled: systemctl enable's symlink in a .wants folder of /etc/systemd/system. */
    private boolean enabled(String program) throws IOException {
        Path etc = root.resolve("etc/systemd/system");
        if (!Files.isDirectory(etc)) return false;
        try (Stream<Path> s = Files.list(etc)) {
            for (Path wants : s.filter(p -> p.getFileName().toString().endsWith(".wants")).toList()) {
                if (Files.exists(wants.resolve(program + ".service"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || Files.exists(wants.resolve(program + ".socket"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return true;
            }
        }
        return false;
    }

    /** "1:7.2+dfsg-7+deb12u18" -> "7.2"; systemd "252.38-1~deb12u1" -> "252". */
    static String shortVersion(String part, String packageVersion) {
        Matcher m = (part.equals("machined") ? SYSTEMD_VERSION : VERSION).matcher(packageVersion.replaceFirst("^\\d+:", ""));
        return m.find() ? m.group(1) : packageVersion;
    }

    /** Every {@code @Tunable} value below {@code type}, read from its file on this machine. */
    private void readKnobs(Class<?> type, JsonObject tree, String path, List<String> notes) throws IOException {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord()) {
                if (tree.has(c.getName()) && tree.get(c.getName()).isJsonObject()) {
                    readKnobs(c.getType(), tree.getAsJsonObject(c.getName()), path + c.getName() + ".", notes);
                }
                continue;
            }
            Knob k = Knob.ofComponent(c);
            if (k == null) continue;
            Optional<Read> read = read(k);
            if (read.isEmpty()) continue;
            if (read.get().value() < 0) {
                notes.add("stack." + path + c.getName() + ": " + read.get().file() + " sets " + k.text() + " = " + read.get().text()
                        + " (no limit), which the model cannot hold; the reference's value (or its version's fact) is kept");
                continue;
            }
            JsonObject v = new JsonObject();
            v.add("value", number(read.get().value()));
            v.addProperty("source", read.get().file() + ": " + k.text() + " = " + read.get().text() + " (" + where + ")");
            tree.add(c.getName(), v);
            notes.add("stack." + path + c.getName() + " = " + read.get().text() + " from " + read.get().file());
            // a systemd SOFT:HARD limit: the record's "<name>Hard" component holds the hard half (LibvirtSpec.daemonNofileHard)
            String[] softHard = read.get().text().split(":");
            boolean hasHard = Arrays.stream(type.getRecordComponents()).anyMatch(x -> x.getName().equals(c.getName() + "Hard"));
            if (k.kind() == KnobKind.SYSTEMD && softHard.length == 2 && softHard[1].matches("\\d+") && hasHard) {
                JsonObject h = new JsonObject();
                h.add("value", number(Long.parseLong(softHard[1])));
                h.addProperty("source", read.get().file() + ": the hard half of " + k.text() + " = " + read.get().text() + " (" + where + ")");
                tree.add(c.getName() + "Hard", h);
            }
        }
    }

    /** A knob's value as a file on this machine sets it. */
    record Read(String file, String text, long value) {
    }

    Optional<Read> read(Knob k) throws IOException {
        return switch (k.kind()) {
            case QEMU_CONF -> confKey(root.resolve("etc/libvirt/qemu.conf"), k.key());
            case LIBVIRTD_CONF -> confKey(root.resolve("etc/libvirt").resolve(daemon.confFile()), k.key());
            case SYSTEMD -> unitDirective(daemon.unitFor(k.unitFile()), k.key());
            case SSHD -> sshdKeyword(k.key());
            default -> Optional.empty();
        };
    }

    /** {@code key = value} in a libvirt configuration file (comments start with #). */
    private static Optional<Read> confKey(Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) return Optional.empty();
        Optional<Read> found = Optional.empty();
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*(\\d+)\\s*(#.*)?$");
        for (String line : Files.readAllLines(file)) {
            Matcher m = p.matcher(line);
            if (m.matches()) found = Optional.of(new Read(file.toString(), m.group(1), Long.parseLong(m.group(1))));
        }
        return found;
    }

    /**
     * A directive of a unit: the unit file under /lib or /usr/lib/systemd/system, then its drop-ins
     * in /etc/systemd/system/UNIT.d/*.conf in name order (a later setting wins, as systemd applies
     * them). {@code LimitNOFILE=SOFT:HARD} gives the soft limit; {@code infinity} is no limit.
     */
    private Optional<Read> unitDirective(String unit, String key) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("lib/systemd/system", "usr/lib/systemd/system", "etc/systemd/system")) {
            Path f = root.resolve(dir).resolve(unit);
            if (Files.isRegularFile(f)) files.add(f);
        }
        Path dropins = root.resolve("etc/systemd/system").resolve(unit + ".d");
        if (Files.isDirectory(dropins)) {
            try (Stream<Path> s = Files.list(dropins)) {
                s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        Optional<Read> found = Optional.empty();
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*(\\S+)\\s*$");
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                Matcher m = p.matcher(line);
                if (!m.matches()) continue;
                String text = m.group(1);
                String soft = text.split(":")[0];
                if (soft.equals("infinity")) {
                    found = Optional.of(new Read(f.toString(), text, -1));
                } else if (soft.matches("\\d+")) {
                    found = Optional.of(new Read(f.toString(), text, Long.parseLong(soft)));
                }
            }
        }
        return found;
    }

    /** An sshd_config keyword: the first setting wins (sshd_config(5)), drop-ins included first as Debian's Include puts them. */
    private Optional<Read> sshdKeyword(String key) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dropins = root.resolve("etc/ssh/sshd_config.d");
        if (Files.isDirectory(dropins)) {
            try (Stream<Path> s = Files.list(dropins)) {
                s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
            }
        }
        Path main = root.resolve("etc/ssh/sshd_config");
        if (Files.isRegularFile(main)) files.add(main);
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s+(\\d+)\\s*$", Pattern.CASE_INSENSITIVE);
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                Matcher m = p.matcher(line);
                if (m.matches()) return Optional.of(new Read(f.toString(), m.group(1), Long.parseLong(m.group(1))));
            }
        }
        return Optional.empty();
    }

    private static JsonElement number(long v) {
        return new com.google.gson.JsonPrimitive(v);
    }

    /** The installed version of a package: dpkg-query on Debian, rpm elsewhere; empty when neither knows it. */
    static Optional<String> packageVersion(String pkg) {
        for (List<String> cmd : List.of(List.of("dpkg-query", "-W", "-f=${Status} ${Version}", pkg),
                List.of("rpm", "-q", "--qf", "installed %{VERSION}", pkg))) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() != 0) continue;
                // dpkg: "install ok installed 1:7.2+dfsg-7"; rpm: "installed 8.2.0"
                Matcher m = Pattern.compile("installed (\\S+)$").matcher(out);
                if (m.find()) return Optional.of(m.group(1));
            } catch (IOException e) {
                // this package manager is not here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

}
