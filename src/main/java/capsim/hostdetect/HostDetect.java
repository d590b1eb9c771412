package capsim.hostdetect;

import capsim.model.host.AioCharging;
import capsim.model.common.Arch;
import capsim.model.host.HostSpec;
import capsim.model.host.SysctlSpec;
import capsim.config.Binder;
import capsim.resource.Knob;
import capsim.resource.KnobKind;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a host model of the machine it runs on, in the format of {@code models/hosts/*.json}:
 * every value read from /proc, /sys or the process's rlimits, each with a source naming the
 * file, this host and the time.
 */
public final class HostDetect {
    /** The sysctl behind each {@link SysctlSpec} field. A field added to SysctlSpec must be added here. */
    private final String hostname;
    private final String when;
    private final String where;

    public HostDetect() {
        this.hostname = hostname();
        this.when = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        this.where = "read on host " + hostname + " at " + when + " by capsim host detect";
    }

    public String hostnameOf() {
        return hostname;
    }

    /** The host name, or "localhost" if it cannot be read. */
    public static String hostname() {
        try {
            String h = ProcFiles.read(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) return h;
        } catch (IOException ignored) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The CPU model from /proc/cpuinfo, or the architecture. */
    public static String cpuModel() {
        try {
            for (String line : ProcFiles.read(Path.of("/proc/cpuinfo")).split("\n")) {
                if (line.startsWith("model name") || line.startsWith("machine")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    /** The host model as JSON; binds as a {@link HostSpec}. */
    public JsonObject detect() throws IOException {
        String kernel = ProcFiles.read(Path.of("/proc/sys/kernel/osrelease")).strip();
        JsonObject o = new JsonObject();
        o.addProperty("name", "detected-" + hostname);
        o.addProperty("description", "This machine (" + hostname + ", " + cpuModel() + ", kernel " + kernel
                + ") as capsim host detect read it at " + when + ".");
        o.addProperty("source", where);
        for (RecordComponent c : HostSpec.class.getRecordComponents()) {
            switch (c.getName()) {
                case "name", "description" -> { }
                case "arch" -> o.addProperty("arch", Binder.enumName(arch()));
                case "cpus" -> {
                    String online = ProcFiles.read(Path.of("/sys/devices/system/cpu/online")).strip();
                    o.add("cpus", sourced(ProcFiles.cpuListCount(online), "/sys/devices/system/cpu/online = " + online));
                }
                case "possibleCpus" -> {
                    String possible = ProcFiles.read(Path.of("/sys/devices/system/cpu/possible")).strip();
                    o.add("possibleCpus", sourced(ProcFiles.cpuListCount(possible), "/sys/devices/system/cpu/possible = " + possible));
                }
                case "ramGiB" -> o.add("ramGiB", sourced(gib(meminfo("MemTotal")), "/proc/meminfo MemTotal"));
                case "swapGiB" -> o.add("swapGiB", sourced(gib(meminfo("SwapTotal")), "/proc/meminfo SwapTotal"));
                case "hostReservedGiB" -> o.add("hostReservedGiB", sourced(
                        gib(Math.max(0, meminfo("MemTotal") - meminfo("MemAvailable"))),
                        "/proc/meminfo MemTotal - MemAvailable: what the host used at detection"));
                case "kernel" -> o.addProperty("kernel", kernel);
                case "sysctl" -> o.add("sysctl", sysctls());
                case "aioCharging" -> o.add("aioCharging", sourcedText(Binder.enumName(aioCharging(kernel)),
                        "derived from kernel " + kernel + ": kernels from about 3.13 to 4.11 charged max(nr_events, 4 x possible CPUs) "
                                + "per io_setup, later ones the requested nr_events (docs/sources.md, kernel §6)"));
                case "vhostWorkersInQemu" -> o.add("vhostWorkersInQemu", sourcedBool(atLeast(kernel, 6, 4),
                        "derived from kernel " + kernel + ": vhost workers are vhost_task threads of QEMU from about Linux 6.4 "
                                + "(unconfirmed version, docs/sources.md, userspace §2)"));
                case "baseTasks" -> o.add("baseTasks", sourced(tasks(), "tasks (threads included) under /proc/*/task at detection"));
                case "hostPtys" -> o.add("hostPtys", sourced(ptys(), "ptys open under /dev/pts at detection"));
                case "cpu" -> o.add("cpu", cpu());
                default -> {
                    if (!c.getType().isRecord()) {
                        throw new IllegalStateException("capsim host detect does not know how to read HostSpec."
                                + c.getName() + ": add it to HostDetect");
                    }
                    o.add(c.getName(), fromReference(c.getName()));
                }
            }
        }
        o.addProperty("note", "rlimits of this process: RLIMIT_NOFILE " + rlimit("Max open files") + " soft / " + rlimitHard("Max open files")
                + " hard, RLIMIT_NPROC " + rlimit("Max processes") + "; QEMU started by capsim validate inherits them unless a probe "
                + "sets its own with prlimit");
        return o;
    }

    /**
     * The CPU section: the costs from the reference host, the SMT threads per core from the
     * topology, and the background load measured over half a second, recorded in the source but
     * not applied (it is this moment's load; a probe records its own per point).
     */
    private JsonObject cpu() throws IOException {
        JsonObject cpu = fromReference("cpu");
        String siblings = ProcFiles.read(Path.of("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list")).strip();
        int threads = ProcFiles.cpuListCount(siblings);
        cpu.add("threadsPerCore", sourced(threads, "/sys/devices/system/cpu/cpu0/topology/thread_siblings_list = " + siblings));
        if (threads == 1) cpu.add("smtYield", sourced(1, "one thread per core: no SMT yield"));
        String online = ProcFiles.read(Path.of("/sys/devices/system/cpu/online")).strip();
        double busy = CpuTimes.busyOver(java.time.Duration.ofMillis(500)) * ProcFiles.cpuListCount(online);
        cpu.add("backgroundCpus", sourced(0, String.format(java.util.Locale.ROOT,
                "not applied: %.2f CPUs were busy over 0.5 s at detection (/proc/stat), this moment's load", busy)));
        return cpu;
    }

    /** The host model of the same architecture whose undetectable sections (costs, constants) this host takes. */
    static Path referenceHost() {
        return Path.of("models", "hosts", arch() == Arch.S390X ? "z13-lpar.json" : "x86-2s-2024.json");
    }

    /**
     * A section no running system tells (driver costs, kernel constants): the reference host's,
     * with the sysctls among it read from this host.
     */
    private JsonObject fromReference(String section) throws IOException {
        Path ref = referenceHost();
        JsonObject refHost = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(ref)).getAsJsonObject();
        if (!refHost.has(section)) throw new IOException(ref + " has no \"" + section + "\" to take");
        JsonObject out = refHost.getAsJsonObject(section).deepCopy();
        String was = out.has("source") ? out.get("source").getAsString() : "";
        out.addProperty("source", "not readable from a running system: as in " + ref + (was.isEmpty() ? "" : " (" + was + ")")
                + "; sysctls among it read on host " + hostname);
        Class<?> type = java.util.Arrays.stream(HostSpec.class.getRecordComponents())
                .filter(c -> c.getName().equals(section)).findFirst().orElseThrow().getType();
        for (var e : sysctlsBelow(type, "").entrySet()) {
            Path proc = KnobKind.procSys(e.getValue());
            if (!java.nio.file.Files.exists(proc)) continue;
            capsim.config.JsonPaths.set(out, e.getKey(), sourced(ProcFiles.readLong(proc), proc + " (sysctl " + e.getValue() + ")"));
        }
        return out;
    }

    private JsonObject sysctls() throws IOException {
        JsonObject s = new JsonObject();
        s.addProperty("source", "/proc/sys " + where);
        List<String> unknown = new ArrayList<>();
        Map<String, String> sysctls = sysctlsBelow(SysctlSpec.class, "");
        for (RecordComponent c : SysctlSpec.class.getRecordComponents()) {
            String name = sysctls.get(c.getName());
            if (name == null) {
                unknown.add(c.getName());
                continue;
            }
            long v = ProcFiles.sysctl(name);
            s.add(c.getName(), sourced(v, KnobKind.procSys(name) + " (sysctl " + name + ")"));
        }
        if (!unknown.isEmpty()) throw new IllegalStateException("SysctlSpec fields " + unknown + " are not marked @Tunable(kind = SYSCTL)");
        return s;
    }

    static AioCharging aioCharging(String kernel) {
        return atLeast(kernel, 4, 12) || !atLeast(kernel, 3, 13) ? AioCharging.REQUESTED : AioCharging.PER_CPU_MINIMUM;
    }

    /** True when a kernel release like "6.18.44-fc" is at least major.minor. */
    static boolean atLeast(String kernel, int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(kernel);
        if (!m.find()) return false;
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a > major || (a == major && b >= minor);
    }

    private static long tasks() throws IOException {
        long n = 0;
        try (var s = java.nio.file.Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
                n += Math.max(0, ProcFiles.countEntries(p.resolve("task")));
            }
        }
        return n;
    }

    private static long ptys() {
        int n = ProcFiles.countEntries(Path.of("/dev/pts"));
        // /dev/pts holds ptmx besides the ptys
        return Math.max(0, n - 1);
    }

    static Arch arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (a.equals("s390x")) return Arch.S390X;
        if (a.equals("amd64") || a.equals("x86_64")) return Arch.X86_64;
        throw new IllegalStateException("no host model for architecture " + a);
    }

    private static long meminfo(String key) throws IOException {
        return ProcFiles.keyedKiB(Path.of("/proc/meminfo"), key).orElseThrow(() -> new IOException("no " + key + " in /proc/meminfo"));
    }

    private static double gib(long kib) {
        return Math.round(kib / 1024.0 / 1024.0 * 1000) / 1000.0;
    }

    /** The soft limit from /proc/self/limits; "unlimited" is Long.MAX_VALUE. */
    static long rlimit(String name) throws IOException {
        return limitColumn(name, 0);
    }

    static long rlimitHard(String name) throws IOException {
        return limitColumn(name, 1);
    }

    private static long limitColumn(String name, int col) throws IOException {
        for (String line : ProcFiles.read(Path.of("/proc/self/limits")).split("\n")) {
            if (!line.startsWith(name)) continue;
            String[] f = line.substring(name.length()).strip().split("\\s+");
            return f[col].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[col]);
        }
        throw new IOException("no \"" + name + "\" in /proc/self/limits");
    }

    private JsonObject sourcedText(String v, String what) {
        JsonObject o = new JsonObject();
        o.addProperty("value", v);
        o.addProperty("source", what + ", " + where);
        return o;
    }

    private JsonObject sourcedBool(boolean v, String what) {
        JsonObject o = new JsonObject();
        o.addProperty("value", v);
        o.addProperty("source", what + ", " + where);
        return o;
    }

    private JsonObject sourced(double v, String what) {
        JsonObject o = new JsonObject();
        if (v == Math.rint(v) && Math.abs(v) < 9e15) o.addProperty("value", (long) v);
        else o.addProperty("value", v);
        o.addProperty("source", what + ", " + where);
        return o;
    }

    /** Fields of a sysctl map for tests. */
    /**
     * The sysctls a model record holds, by JSON path below it ("ipv6.routeMaxSize" ->
     * "net.ipv6.route.max_size"): every component marked {@code @Tunable(kind = SYSCTL)}, in
     * nested records too. The knob declaration is the one place that names a sysctl.
     */
    static Map<String, String> sysctlsBelow(Class<?> record, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            Knob k = Knob.ofComponent(c);
            if (k != null && k.kind() == KnobKind.SYSCTL) out.put(prefix + c.getName(), k.key());
            else if (c.getType().isRecord()) out.putAll(sysctlsBelow(c.getType(), prefix + c.getName() + "."));
        }
        return out;
    }
}
