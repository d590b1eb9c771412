package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs writer and the module order, without a guest: read back by an independent newc reader. */
class GuestImageTest {
    @TempDir
    Path tmp;

    /** One entry as the kernel's unpacker reads it (init/initramfs.c): name, mode, data. */
    record Entry(String name, int mode, byte[] data) {
    }

    /** A newc reader written from the format's description: 110-byte header of 13 hex fields after the magic. */
    static List<Entry> read(Path gz) throws Exception {
        byte[] b;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            in.transferTo(o);
            b = o.toByteArray();
        }
        List<Entry> out = new ArrayList<>();
        int at = 0;
        while (true) {
            String h = new String(b, at, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", h.substring(0, 6), "magic at " + at);
            int mode = Integer.parseInt(h.substring(14, 22), 16);
            int size = Integer.parseInt(h.substring(54, 62), 16);
            int nameSize = Integer.parseInt(h.substring(94, 102), 16);
            String name = new String(b, at + 110, nameSize - 1, StandardCharsets.UTF_8);
            assertEquals(0, b[at + 110 + nameSize - 1], "name ends with NUL");
            int data = align(at + 110 + nameSize);
            if (name.equals("TRAILER!!!")) break;
            byte[] d = new byte[size];
            System.arraycopy(b, data, d, 0, size);
            out.add(new Entry(name, mode, d));
            at = align(data + size);
        }
        return out;
    }

    private static int align(int x) {
        return (x + 3) & ~3;
    }

    @Test
    void theArchiveIsNewcThatAReaderGetsBack() throws Exception {
        Path gz = tmp.resolve("i.gz");
        byte[] odd = "three".getBytes(StandardCharsets.UTF_8);   // 5 bytes: padding after it
        try (CpioArchive a = new CpioArchive(gz)) {
            a.directory("bin");
            a.file("bin/x", odd, 0755);
            a.symlink("bin/sh", "x");
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : read(gz)) byName.put(e.name(), e);
        assertEquals(List.of("bin", "bin/x", "bin/sh"), List.copyOf(byName.keySet()));
        assertEquals(0040755, byName.get("bin").mode());
        assertEquals(0100755, byName.get("bin/x").mode());
        assertArrayEquals(odd, byName.get("bin/x").data());
        assertEquals(0120777, byName.get("bin/sh").mode());
        assertEquals("x", new String(byName.get("bin/sh").data(), StandardCharsets.UTF_8));
    }

    /** Fake modules whose .modinfo names their dependencies: each loads after what it depends on. */
    @Test
    void modulesLoadAfterWhatTheirDependsNames() throws Exception {
        Path mods = tmp.resolve("lib/modules/6.1.0-0-amd64/kernel");
        Files.createDirectories(mods);
        Map<String, String> deps = Map.of("virtio_ring", "", "virtio", "virtio_ring", "virtio_pci_modern_dev", "",
                "virtio_pci_legacy_dev", "", "virtio_pci", "virtio_ring,virtio_pci_modern_dev,virtio_pci_legacy_dev,virtio",
                "failover", "", "net_failover", "failover", "virtio_net", "virtio_ring,virtio,net_failover", "virtio_blk", "virtio,virtio_ring");
        // written in the reverse of a valid order, so a loader that keeps the file order fails
        List<String> names = new ArrayList<>(GuestImage.MODULES);
        java.util.Collections.reverse(names);
        for (String m : names) {
            Files.write(mods.resolve(m + ".ko"), ("\u007fELF....\0license=GPL\0depends=" + deps.get(m) + "\0intree=Y\0").getBytes(StandardCharsets.ISO_8859_1));
        }
        List<String> order = GuestImage.modules(tmp).stream().map(p -> p.getFileName().toString().replace(".ko", "")).toList();
        for (String m : order) {
            for (String d : deps.get(m).isEmpty() ? new String[0] : deps.get(m).split(",")) {
                assertTrue(order.indexOf(d) < order.indexOf(m), d + " before " + m + " in " + order);
            }
        }
        assertEquals(GuestImage.MODULES.size(), order.size());
        assertEquals(List.of("virtio", "virtio_ring"), GuestImage.depends(mods.resolve("virtio_blk.ko")));
        assertTrue(GuestImage.initScript(order).contains("for m in " + String.join(" ", order) + "; do"));
    }

    @Test
    void busyModeIsChosenOnTheKernelCommandLineAndTheDefaultGuestIsUnchanged() {
        String init = GuestImage.initScript(GuestImage.MODULES);
        assertTrue(init.contains("capsim.busy=*) busy=${a#capsim.busy=}"), "busy mode from /proc/cmdline");
        // the ready line first, then the loop; without the argument the poll loop goes on as before
        int ready = init.indexOf("echo \"capsim: ready nics=$n disks=$d\"");
        assertTrue(ready > 0 && init.indexOf("[ -n \"$busy\" ] && spin \"$busy\"") > ready, init);
        assertTrue(init.contains("$B usleep 200000"), "the device poll loop");
        assertTrue(GuestImage.initHash().matches("[0-9a-f]{8}"), "the init script is part of the cache key: " + GuestImage.initHash());
    }

    /** The busy loop itself, run by this host's POSIX sh (busybox's ash is one too): its lines are what GuestCounter counts. */
    @Test
    void theBusyLoopPrintsCountLines() throws Exception {
        String init = GuestImage.initScript(GuestImage.MODULES);
        int from = init.indexOf("spin() {");
        int to = init.indexOf("\n}\n", from) + 3;
        Process p = new ProcessBuilder("sh", "-c", init.substring(from, to) + "spin 50\n").redirectErrorStream(true).start();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (long n = 1; n <= 3; n++) assertEquals(n, GuestCounter.count(r.readLine()).orElse(-1));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aBusyGuestGetsTheArgumentOnItsKernelCommandLine() throws Exception {
        RealHost.requireTarget(QemuTarget.X86_64);
        try (Cleanup c = new Cleanup()) {
            GuestImage.Built image = new GuestImage.Built(tmp.resolve("vmlinuz"), tmp.resolve("initrd.gz"), "k", "1", "b");
            GuestLauncher l = new GuestLauncher(c, image, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
            GuestLauncher.Spec plain = new GuestLauncher.Spec(0, 1, 0, QemuLauncher.Backend.NULL_CO, 0, 0, GuestLauncher.Accel.TCG, null);
            List<String> a = l.commandLine(plain, 1);
            List<String> b = l.commandLine(plain.withBusyLoop(2000), 2);
            assertEquals(GuestImage.KERNEL_CMDLINE, a.get(a.indexOf("-append") + 1), "the default guest as before");
            assertEquals(GuestImage.KERNEL_CMDLINE + " capsim.busy=2000", b.get(b.indexOf("-append") + 1));
            assertTrue(GuestImage.KERNEL_CMDLINE.contains("no_timer_check"), "no panic when a starved vCPU misses the timer check");
            assertEquals(2000, plain.withBusyLoop(2000).withNofile(64).busyIterations(), "kept by the other withers");
        }
    }
}
