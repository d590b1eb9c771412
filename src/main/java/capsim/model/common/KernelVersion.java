package capsim.model.common;

import java.util.List;

/**
 * A kernel version ("4.1", "6.1.73", "5.10.0-28-amd64") compared numerically, so a model can
 * switch behaviour on the version a host runs: a check removed in 6.3 and backported to 6.1.73
 * still applies on 6.1.72 and on 6.2, but not on 6.1.73 or 6.3.
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {

    /** Parses the leading "MAJOR.MINOR[.PATCH]" of a version string; anything after is ignored. */
    public static KernelVersion parse(String text) {
        String[] parts = text.trim().split("[^0-9]+", -1);
        int[] n = new int[3];
        int found = 0;
        for (String p : parts) {
            if (p.isEmpty()) {
                if (found == 0) continue;
                break;
            }
            if (found == 3) break;
            n[found++] = Integer.parseInt(p);
        }
        if (found < 2) throw new IllegalArgumentException("not a kernel version: \"" + text + "\" (expected e.g. \"6.1\" or \"6.1.73\")");
        return new KernelVersion(n[0], n[1], n[2]);
    }

    @Override
    public int compareTo(KernelVersion o) {
        if (major != o.major) return Integer.compare(major, o.major);
        if (minor != o.minor) return Integer.compare(minor, o.minor);
        return Integer.compare(patch, o.patch);
    }

    public boolean sameSeries(KernelVersion o) {
        return major == o.major && minor == o.minor;
    }

    /**
     * True when a change that landed in the first version of {@code versions} (the mainline
     * release, e.g. "6.3") and was backported to the others (stable releases, e.g. "6.1.73") is
     * in this kernel: it is at least the mainline release, or it belongs to a backport's series
     * at or after that backport.
     */
    public boolean hasChange(List<String> versions) {
        if (versions.isEmpty()) return false;
        KernelVersion mainline = parse(versions.get(0));
        if (compareTo(mainline) >= 0) return true;
        for (String v : versions.subList(1, versions.size())) {
            KernelVersion backport = parse(v);
            if (sameSeries(backport) && patch >= backport.patch) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
