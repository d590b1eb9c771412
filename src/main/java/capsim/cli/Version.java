package capsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints on every command: the project version Maven wrote into the build, and the Java that runs it. */
final class Version implements IVersionProvider {
    /** The version from the filtered {@code capsim/version.properties} (the pom's), or "unknown" outside a Maven build. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("/capsim/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"capsim " + number(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
