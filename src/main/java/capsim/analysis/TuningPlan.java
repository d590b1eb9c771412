package capsim.analysis;

import capsim.model.libvirt.LibvirtDaemon;
import capsim.resource.Knob;
import capsim.resource.KnobKind;
import capsim.config.Overrides;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a platform team sets, from the walls: each movable wall's knob with the value the target
 * needs (plus optional headroom), written in the knob's real format. The knob's type decides the
 * file: a sysctl goes to a sysctl.d file ({@code key = value}), qemu.conf and libvirtd.conf keys
 * to fragments to merge ({@code key = value}), a systemd directive to a drop-in of its unit
 * ({@code [Service]} / {@code Directive=value}), an environment variable to an environment file
 * ({@code NAME=value}), an sshd_config keyword to an sshd_config.d file ({@code Key value}).
 * Hardware (host RAM) is a manual action.
 */
public final class TuningPlan {
    /**
     * One setting: the knob, the experiment path that holds it, the value now, the limit in force
     * at the wall (what an unset knob inherits) and the value to set (in the knob's unit).
     */
    public record Setting(Knob knob, String knobText, String knobPath, String resource, long bitesAt, double current, long inForce,
                          long value, LibvirtDaemon daemon) {
        /** The value now as a person reads it (an unset knob says what it inherits). */
        public String nowText() {
            return TuningPlan.nowText(current, inForce);
        }

        /** The file (relative to the plan folder) this setting is written to; empty for manual ones. */
        public String file() {
            return switch (knob.kind()) {
                case SYSCTL -> "sysctl.d/90-capsim.conf";
                case QEMU_CONF -> "libvirt/qemu.conf";
                case LIBVIRTD_CONF -> "libvirt/" + daemon.confFile();
                case SYSTEMD -> "systemd/" + unitFile() + ".d/90-capsim.conf";
                case ENV -> "environment/qemu.env";
                case SSHD -> "ssh/sshd_config.d/90-capsim.conf";
                case HARDWARE, NONE, SLO -> "";
            };
        }

        public KnobKind kind() {
            return knob.kind();
        }

        /** The systemd unit of a SYSTEMD knob: libvirtd's limits are virtqemud's where that daemon runs the QEMU driver. */
        public String unitFile() {
            return daemon.unitFor(knob.unitFile());
        }

        public boolean manual() {
            return !knob.kind().isConfiguration();
        }
    }

    private final String title;
    private final List<Setting> settings;
    private final List<String> blockers;
    private final double headroomPercent;

    private TuningPlan(String title, List<Setting> settings, List<String> blockers, double headroomPercent) {
        this.title = title;
        this.settings = List.copyOf(settings);
        this.blockers = List.copyOf(blockers);
        this.headroomPercent = headroomPercent;
    }

    /** The margin added to every needed value, percent. */
    public double headroomPercent() {
        return headroomPercent;
    }

    /**
     * The plan for a wall search's result.
     *
     * @param headroomPercent added to every value (rounded up), 0 for exactly what the target needs (tune's default is 20)
     * @param daemon          the stack's libvirt daemon, whose unit and .conf file take libvirtd's knobs
     */
    public static TuningPlan from(String title, WallSearch.Result result, double headroomPercent, LibvirtDaemon daemon) {
        List<Setting> settings = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        for (WallSearch.Wall w : result.walls()) {
            if (!w.movable()) {
                var bp = w.breakingPoint();
                blockers.add(bp.resource() + " bites at " + result.target().label() + "=" + w.bitesAt() + ": "
                        + (bp.tunable() ? bp.knob() : (bp.slo() ? "your SLO " : "hard limit ") + bp.knob())
                        + (bp.fix().isEmpty() ? "" : "; fix: " + bp.fix()));
                continue;
            }
            long value = (long) Math.ceil(w.neededValue() * (1 + headroomPercent / 100.0) - 1e-9);
            settings.add(setting(w, value, daemon));
        }
        if (!result.reachable() && blockers.isEmpty() && !result.blockedBy().isEmpty()) blockers.add(result.blockedBy());
        return new TuningPlan(title, settings, blockers, headroomPercent);
    }

    static Setting setting(WallSearch.Wall w, long value, LibvirtDaemon daemon) {
        return new Setting(w.breakingPoint().knobSpec(), w.knob(), w.knobPath(), w.resource(), w.bitesAt(), w.currentValue(),
                w.breakingPoint().limit(), value, daemon);
    }

    /**
     * The knob as a person sets it: "sysctl kernel.pty.max" for a configuration knob, else the
     * JSON path that holds its value ("host.ramGiB"), whose unit is the knob's.
     */
    public static String displayKnob(Knob knob, String knobPath) {
        if (knob.kind().isConfiguration() || knobPath.isEmpty()) return knob.text();
        return knobPath;
    }

    public List<Setting> settings() {
        return settings;
    }

    /** Settings that are not a configuration file (more RAM): a person acts on them. */
    public List<Setting> manual() {
        return settings.stream().filter(Setting::manual).toList();
    }

    /** What no setting moves: hard limits with their fix. */
    public List<String> blockers() {
        return blockers;
    }

    /** The plan as experiment overrides (knob path to value), to re-run the experiment with it. */
    public Map<String, JsonElement> overrides() {
        Map<String, JsonElement> m = new LinkedHashMap<>();
        for (Setting s : settings) Overrides.put(m, s.knobPath(), new JsonPrimitive(s.value()));
        return m;
    }

    /** The files of the plan: relative path to content, in path order. */
    public SortedMap<String, String> files() {
        Map<String, List<Setting>> byFile = new LinkedHashMap<>();
        for (Setting s : settings) if (!s.manual()) byFile.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(s);
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<Setting>> e : byFile.entrySet()) {
            List<Setting> ss = e.getValue();
            StringBuilder sb = new StringBuilder();
            sb.append("# ").append(header(ss.get(0))).append('\n');
            sb.append("# written by capsim tune: ").append(title).append('\n');
            if (ss.get(0).kind() == KnobKind.SYSTEMD) sb.append("[Service]\n");
            for (Setting s : ss) {
                sb.append("# ").append(s.resource()).append(": bites at ").append(count(s.bitesAt()))
                        .append("; was ").append(s.nowText()).append('\n');
                sb.append(line(s)).append('\n');
            }
            out.put(e.getKey(), sb.toString());
        }
        out.put("APPLY.md", applyText(out.keySet()));
        return out;
    }

    private static String line(Setting s) {
        return switch (s.kind()) {
            case SYSCTL, QEMU_CONF, LIBVIRTD_CONF -> s.knob().key() + " = " + s.value();
            case SYSTEMD, ENV -> s.knob().key() + "=" + s.value();
            case SSHD -> s.knob().key() + " " + s.value();
            case HARDWARE, NONE, SLO -> throw new IllegalStateException("manual setting has no line");
        };
    }

    private static String header(Setting s) {
        return switch (s.kind()) {
            case SYSCTL -> "drop into /etc/sysctl.d/, then: sysctl --system";
            case QEMU_CONF -> "merge these keys into /etc/libvirt/qemu.conf, then restart " + s.daemon().program();
            case LIBVIRTD_CONF -> "merge these keys into /etc/libvirt/" + s.daemon().confFile() + ", then restart " + s.daemon().program();
            case SYSTEMD -> "systemd drop-in: copy to /etc/systemd/system/" + s.unitFile()
                    + ".d/, then: systemctl daemon-reload; systemctl restart " + s.unitFile();
            case ENV -> "environment of the QEMU processes (EnvironmentFile format); under libvirt set it per guest with <qemu:env name=.. value=../> in the domain XML";
            case SSHD -> "drop into /etc/ssh/sshd_config.d/ (OpenSSH >= 8.2 with Include), then reload sshd";
            case HARDWARE, NONE, SLO -> "";
        };
    }

    private String applyText(Iterable<String> files) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Tuning plan: ").append(title).append("\n\n");
        if (settings.isEmpty() && blockers.isEmpty()) sb.append("Nothing to set: the target passes as configured.\n\n");
        sb.append("| setting | file | value now | set to | wall |\n|---|---|---:|---:|---|\n");
        for (Setting s : settings) {
            sb.append("| ").append(displayKnob(s.knob(), s.knobPath())).append(" | ").append(s.manual() ? "(manual)" : "`" + s.file() + "`")
                    .append(" | ").append(s.nowText()).append(" | ").append(count(s.value()))
                    .append(" | ").append(s.resource()).append(" at ").append(count(s.bitesAt())).append(" |\n");
        }
        sb.append("\nFiles:\n\n");
        for (String f : files) {
            if (f.equals("APPLY.md")) continue;
            sb.append("- `").append(f).append("`: ").append(fileHelp(f)).append('\n');
        }
        if (!manual().isEmpty()) {
            sb.append("\nNot a configuration file (act on the host):\n\n");
            for (Setting s : manual()) {
                sb.append("- `").append(s.knobPath()).append("` from ").append(s.nowText()).append(" to ")
                        .append(count(s.value())).append(" ").append(s.knob().unit().symbol()).append(" (").append(s.knobText()).append(")\n");
            }
        }
        if (!blockers.isEmpty()) {
            sb.append("\nStill blocking (no setting moves these):\n\n");
            for (String b : blockers) sb.append("- ").append(b).append('\n');
        }
        return sb.toString();
    }

    private static String fileHelp(String f) {
        if (f.startsWith("sysctl.d/")) return "copy to /etc/sysctl.d/ and run `sysctl --system`";
        if (f.equals("libvirt/qemu.conf")) return "merge the keys into /etc/libvirt/qemu.conf (do not replace the file)";
        if (f.equals("libvirt/libvirtd.conf")) return "merge the keys into /etc/libvirt/libvirtd.conf (do not replace the file)";
        if (f.startsWith("systemd/")) return "copy the folder to /etc/systemd/system/, `systemctl daemon-reload`, restart the unit"
                + " (libvirt >= 5.6 with modular daemons: the same keys go to virtqemud.service)";
        if (f.startsWith("environment/")) return "environment of QEMU; with libvirt use `<qemu:env>` in the domain XML";
        if (f.startsWith("ssh/")) return "copy to /etc/ssh/sshd_config.d/ and reload sshd";
        return "";
    }

    /**
     * A knob's value now: 0 where the limit in force is not 0 means the knob is unset and the
     * limit is inherited (qemu.conf max_files 0: QEMU keeps libvirtd's 1,024), so it reads
     * "unset (inherits 1,024)", the figure from the model, not "0".
     */
    public static String nowText(double current, long inForce) {
        if (current == 0 && inForce > 0) return "unset (inherits " + count(inForce) + ")";
        return valueText(current);
    }

    static String valueText(double v) {
        if (Double.isNaN(v)) return "-";
        if (v == Math.rint(v) && Math.abs(v) < 9e15) return count((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
