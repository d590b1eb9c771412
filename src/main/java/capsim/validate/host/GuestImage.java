package capsim.validate.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A minimal Linux guest built from Debian packages, never installed into the host: the kernel
 * of the {@code linux-image-amd64} package's current image and the virtio modules it needs, and
 * {@code busybox-static} as the whole user space. {@code apt-get download} fetches the two .deb
 * files into a temp folder, {@code dpkg-deb -x} unpacks them, and the initramfs is written as
 * cpio. The result is cached by package name and version under {@code ~/.cache/capsim/guest}.
 *
 * <p>The guest's {@code /init} loads the modules in dependency order (the {@code depends=} of
 * each module; the package has no modules.dep), then polls sysfs for ever (the kernel has no
 * uevent helper, so a hot-plugged device is found by polling): every new NIC is set up and
 * reported as {@code capsim: up nic ethN}, every disk as {@code capsim: up disk vdX}; after the
 * first pass it prints {@code capsim: ready nics=N disks=M}. All of it goes to the console,
 * ttyS0.
 *
 * <p>Busy mode: with the kernel argument {@code capsim.busy=M} (read from /proc/cmdline; the
 * kernel passes a dotted argument to no one), the guest, after its ready line, runs a shell
 * arithmetic loop for ever instead of polling, printing {@code capsim: count N} after every M
 * iterations ({@link GuestCounter} reads it): its vCPU is always busy, and the count says how much
 * CPU it got. Without the argument the guest is as before.
 */
public final class GuestImage {
    /** The metapackage whose dependency names the current kernel image. */
    public static final String KERNEL_META = "linux-image-amd64";
    public static final String BUSYBOX = "busybox-static";
    /** The modules for virtio-pci NICs and disks, loaded in the order their depends= allow. */
    static final List<String> MODULES = List.of("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
            "virtio_pci", "failover", "net_failover", "virtio_net", "virtio_blk");

    /** A built guest: the kernel image, its initramfs, and the packages it came from. */
    public record Built(Path kernel, Path initrd, String kernelPackage, String kernelVersion, String busyboxVersion) {
        public String label() {
            return kernelPackage + " " + kernelVersion + " + " + BUSYBOX + " " + busyboxVersion;
        }
    }

    private GuestImage() {
    }

    /** The default cache: $XDG_CACHE_HOME/capsim/guest, or ~/.cache/capsim/guest. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("capsim").resolve("guest");
    }

    /**
     * The guest for the packages apt offers now, built once per package version into
     * {@code cache}. A {@link RefusedException} names the packages and the command when they
     * cannot be had.
     */
    public static Built ensure(Path cache, Cleanup cleanup) throws IOException {
        String kernelPkg = kernelPackage();
        String kernelVersion = candidate(kernelPkg);
        String busyboxVersion = candidate(BUSYBOX);
        // the init script is part of the key: a changed /init builds the guest anew
        String key = (kernelPkg + "_" + kernelVersion + "+" + BUSYBOX + "_" + busyboxVersion + "+init-" + initHash())
                .replaceAll("[^A-Za-z0-9._+-]", "_");
        Path dir = cache.resolve(key);
        Built built = new Built(dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), kernelPkg, kernelVersion, busyboxVersion);
        if (Files.isRegularFile(dir.resolve("complete"))) return built;

        Path work = cleanup.tempDir("guest-build");
        download(work, kernelPkg + "=" + kernelVersion, BUSYBOX + "=" + busyboxVersion);
        Path kernelTree = unpack(work, kernelPkg, "kernel");
        Path busyboxTree = unpack(work, BUSYBOX, "busybox");

        Path staging = Files.createDirectories(cache).resolve(key + ".building-" + ProcessHandle.current().pid());
        Files.createDirectories(staging);
        try {
            Path vmlinuz = only(kernelTree.resolve("boot"), "vmlinuz-");
            Files.copy(vmlinuz, staging.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
            writeInitramfs(staging.resolve("initrd.gz"), busyboxTree.resolve("bin/busybox"), modules(kernelTree));
            Files.writeString(staging.resolve("complete"), built.label() + "\n", StandardCharsets.UTF_8);
            Cleanup.deleteTree(work); // the unpacked packages (hundreds of MB) are not needed once the guest is built
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another run built the same guest first: keep its copy
                if (!Files.isRegularFile(dir.resolve("complete"))) throw raced;
                Cleanup.deleteTree(staging);
            }
        } catch (IOException | RuntimeException e) {
            Cleanup.deleteTree(staging);
            throw e;
        }
        return built;
    }

    /** The kernel image package linux-image-amd64 depends on ("linux-image-6.1.0-57-amd64"). */
    static String kernelPackage() throws IOException {
        String out = run(List.of(tool("apt-cache", "apt"), "depends", KERNEL_META));
        for (String line : out.split("\n")) {
            String t = line.strip();
            if (t.startsWith("Depends: linux-image-")) return t.substring("Depends: ".length()).strip();
        }
        throw new RefusedException("the guest needs a Debian kernel image: apt-cache depends " + KERNEL_META
                + " names none (is the Debian archive in the apt sources?)");
    }

    /** The version apt would fetch for {@code pkg}. */
    static String candidate(String pkg) throws IOException {
        String out = run(List.of(tool("apt-cache", "apt"), "show", "--no-all-versions", pkg));
        for (String line : out.split("\n")) if (line.startsWith("Version: ")) return line.substring(9).strip();
        throw new RefusedException("the guest needs the Debian package " + pkg + ", which apt does not know: apt-get update, then apt-get download " + pkg);
    }

    private static void download(Path into, String... pkgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool("apt-get", "apt"), "download", "-q"));
        cmd.addAll(List.of(pkgs));
        TimedCommand.Result r = TimedCommand.run(cmd, into, java.time.Duration.ofMinutes(10), null);
        if (!r.ok()) {
            throw new RefusedException("the guest needs the Debian packages " + String.join(" and ", pkgs)
                    + ", and apt-get download failed (" + (r.exit() == -1 ? "timed out after 10 min" : QemuLauncher.lastLine(r.output()))
                    + "): run apt-get download " + String.join(" ", pkgs) + " where the archive can be reached");
        }
    }

    private static Path unpack(Path work, String pkg, String as) throws IOException {
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().startsWith(pkg + "_") && p.toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download left no " + pkg + "_*.deb in " + work));
        }
        Path tree = Files.createDirectories(work.resolve(as));
        run(List.of(tool("dpkg-deb", "dpkg"), "-x", deb.toString(), tree.toString()));
        return tree;
    }

    /** The modules' files in load order: each after the modules its depends= names. */
    static List<Path> modules(Path kernelTree) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(kernelTree.resolve("lib/modules"))) {
            s.filter(p -> MODULES.contains(moduleName(p))).forEach(p -> found.put(moduleName(p), p));
        }
        for (String m : MODULES) {
            if (found.containsKey(m)) continue;
            boolean compressed;
            try (Stream<Path> s = Files.walk(kernelTree.resolve("lib/modules"))) {
                compressed = s.anyMatch(p -> p.getFileName().toString().startsWith(m + ".ko."));
            }
            throw new RefusedException(compressed
                    ? "the kernel package's modules are compressed (" + m + ".ko.xz or .zst): the guest is built from uncompressed "
                            + "modules only, as Debian 12's kernels ship them"
                    : "module " + m + " is not in the kernel package");
        }
        List<Path> order = new ArrayList<>();
        List<String> done = new ArrayList<>();
        while (done.size() < MODULES.size()) {
            boolean progress = false;
            for (String m : MODULES) {
                if (done.contains(m)) continue;
                List<String> deps = depends(found.get(m));
                if (done.containsAll(deps.stream().filter(MODULES::contains).toList())) {
                    done.add(m);
                    order.add(found.get(m));
                    progress = true;
                }
            }
            if (!progress) throw new IOException("the modules' depends= form a cycle: " + MODULES);
        }
        return order;
    }

    private static String moduleName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".ko") ? n.substring(0, n.length() - 3) : "";
    }

    /** The depends= field of a module's .modinfo section, read from the file's bytes. */
    static List<String> depends(Path ko) throws IOException {
        String text = new String(Files.readAllBytes(ko), StandardCharsets.ISO_8859_1);
        int i = text.indexOf("\0depends=");
        if (i < 0) return List.of();
        int start = i + "\0depends=".length();
        int end = text.indexOf('\0', start);
        String v = text.substring(start, end < 0 ? text.length() : end);
        return v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    private static void writeInitramfs(Path out, Path busybox, List<Path> modules) throws IOException {
        try (CpioArchive a = new CpioArchive(out)) {
            for (String d : List.of("bin", "dev", "proc", "sys", "lib")) a.directory(d);
            a.file("bin/busybox", Files.readAllBytes(busybox), 0755);
            a.symlink("bin/sh", "busybox");
            List<String> names = new ArrayList<>();
            for (Path m : modules) {
                a.file("lib/" + m.getFileName(), Files.readAllBytes(m), 0644);
                names.add(moduleName(m));
            }
            a.file("init", initScript(names).getBytes(StandardCharsets.UTF_8), 0755);
        }
    }

    /**
     * The guest kernel's command line: console on ttyS0, quiet, no reboot on panic (QEMU runs with
     * -no-reboot, so a panic ends it), and {@code no_timer_check}: the IO-APIC timer check waits
     * 10 ms for 4 timer ticks and panics ("IO-APIC + timer doesn't work!") when they do not come,
     * which happens to a TCG vCPU starved by many guests booting at once (16 on 2 loaded CPUs).
     * Linux skips the check itself where it knows it is a guest (KVM's paravirt_ops_setup,
     * VMware, Hyper-V set no_timer_check); under TCG it cannot tell, so it is told.
     */
    public static final String KERNEL_CMDLINE = "console=ttyS0 quiet loglevel=3 panic=-1 no_timer_check";

    /** The kernel argument that puts the guest's /init into busy mode: {@code capsim.busy=M}, a count line every M iterations. */
    public static final String BUSY_ARG = "capsim.busy";

    /** A short hash of the /init script: part of the cache key. */
    static String initHash() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(initScript(MODULES).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The guest's /init: modules, then for ever: bring up and report every new NIC and disk; in
     * busy mode ({@link #BUSY_ARG}) the ready line is followed by the busy loop instead.
     */
    static String initScript(List<String> modules) {
        return """
                #!/bin/busybox sh
                B=/bin/busybox
                $B mount -t proc proc /proc
                $B mount -t sysfs sysfs /sys
                $B mount -t devtmpfs devtmpfs /dev
                for m in %s; do
                  $B insmod /lib/$m.ko || echo "capsim: insmod $m failed"
                done
                busy=
                for a in $($B cat /proc/cmdline); do
                  case "$a" in capsim.busy=*) busy=${a#capsim.busy=} ;; esac
                done
                spin() {
                  m=$1
                  c=0
                  while true; do
                    j=0
                    while [ $j -lt $m ]; do j=$((j+1)); done
                    c=$((c+1))
                    echo "capsim: count $c"
                  done
                }
                seen=" "
                first=1
                while true; do
                  n=0
                  for p in /sys/class/net/eth*; do
                    [ -e "$p" ] || continue
                    i=${p##*/}
                    n=$((n+1))
                    case "$seen" in *" $i "*) continue ;; esac
                    if $B ip link set "$i" up; then echo "capsim: up nic $i"; else echo "capsim: failed nic $i"; fi
                    seen="$seen$i "
                  done
                  d=0
                  for p in /sys/block/vd*; do
                    [ -e "$p" ] || continue
                    i=${p##*/}
                    d=$((d+1))
                    case "$seen" in *" $i "*) continue ;; esac
                    echo "capsim: up disk $i"
                    seen="$seen$i "
                  done
                  if [ $first = 1 ]; then
                    echo "capsim: ready nics=$n disks=$d"
                    first=0
                    [ -n "$busy" ] && spin "$busy"
                  fi
                  $B usleep 200000
                done
                """.formatted(String.join(" ", modules));
    }

    private static Path only(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Optional<Path> p = s.filter(x -> x.getFileName().toString().startsWith(prefix)).findFirst();
            return p.orElseThrow(() -> new IOException("no " + prefix + "* in " + dir));
        }
    }

    private static String tool(String command, String debianPackage) {
        for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(d, command);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new RefusedException("the guest is built with " + command + ", which is not installed (Debian package " + debianPackage + ")");
    }

    private static String run(List<String> cmd) throws IOException {
        TimedCommand.Result r = TimedCommand.run(cmd, Path.of(System.getProperty("java.io.tmpdir")), java.time.Duration.ofMinutes(2), null);
        if (!r.ok()) throw new RefusedException(String.join(" ", cmd) + (r.exit() == -1 ? " timed out" : " failed: " + QemuLauncher.lastLine(r.output())));
        return r.output();
    }
}
