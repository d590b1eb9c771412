package capsim.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.regex.Pattern;

/** Independent readers of the configuration formats a tuning plan writes (for tests). */
public final class ConfigFormats {
    private ConfigFormats() {
    }

    /** Each reader returns key to value, or fails on a line the format does not allow. */
    public static Map<String, String> parseSysctl(String text) {
        return parse(text, Pattern.compile("([a-z0-9_][a-z0-9_.*/-]*)\\s*=\\s*(\\S.*)"), "sysctl.d");
    }

    public static Map<String, String> parseLibvirtConf(String text) {
        return parse(text, Pattern.compile("([a-z_][a-z0-9_]*) = (-?[0-9]+|\"[^\"]*\")"), "libvirt conf");
    }

    public static Map<String, String> parseEnv(String text) {
        return parse(text, Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S*)"), "environment file");
    }

    public static Map<String, String> parseSshd(String text) {
        return parse(text, Pattern.compile("([A-Za-z]+) (\\S+)"), "sshd_config");
    }

    /** systemd unit file syntax: sections, then Key=Value lines inside a section. */
    public static Map<String, String> parseSystemd(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String section = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(";")) continue;
            var sec = Pattern.compile("\\[([A-Za-z]+)\\]").matcher(line);
            if (sec.matches()) {
                section = sec.group(1);
                continue;
            }
            var kv = Pattern.compile("([A-Za-z]+)=(\\S+)").matcher(line);
            assertTrue(kv.matches(), "systemd: bad line \"" + line + "\"");
            assertNotNull(section, "systemd: key outside a section: " + line);
            out.put(section + "." + kv.group(1), kv.group(2));
        }
        return out;
    }

    private static Map<String, String> parse(String text, Pattern p, String format) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            var m = p.matcher(line);
            assertTrue(m.matches(), format + ": bad line \"" + line + "\"");
            assertNull(out.put(m.group(1), m.group(2)), format + ": key twice: " + m.group(1));
        }
        return out;
    }

}
