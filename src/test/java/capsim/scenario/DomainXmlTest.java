package capsim.scenario;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.InputException;
import capsim.config.Overrides;
import capsim.model.common.GuestTemplate;
import capsim.model.common.GuestTemplate.AioMode;
import capsim.model.common.GuestTemplate.DiskBacking;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A guest read from a libvirt domain XML: libvirt's units, vCPUs, virtio disks and their backing,
 * virtio NICs and their queues, keys beside the XML overriding it, bad files named with their line.
 */
class DomainXmlTest {
    /** The fixture: what virsh dumpxml printed for a defined domain (libvirt 9.0.0, QEMU 7.2.22). */
    static final Path WEB01 = Path.of("experiments/guests/web01.xml");

    @TempDir
    Path dir;

    private Path xml(String body) throws IOException {
        Path p = dir.resolve("guest.xml");
        Files.writeString(p, "<domain type='kvm'>\n" + body + "\n</domain>\n");
        return p;
    }

    private static double value(DomainXml.Guest g, String field) {
        return g.fields().getAsJsonObject(field).get("value").getAsDouble();
    }

    private static String text(DomainXml.Guest g, String field) {
        return g.fields().getAsJsonObject(field).get("value").getAsString();
    }

    private static String source(DomainXml.Guest g, String field) {
        return g.fields().getAsJsonObject(field).get("source").getAsString();
    }

    /** An experiment beside {@code xml} whose guest is {@code guest}. */
    private Experiment experiment(Path xml, String guest, String... sets) throws IOException {
        Path exp = xml.resolveSibling("exp.json");
        Files.writeString(exp, """
                {
                  "name": "xml",
                  "host": "%s",
                  "stack": "%s",
                  "guest": %s,
                  "steps": [ { "kind": "define", "count": 2 }, { "kind": "start", "count": 2 } ]
                }
                """.formatted(Path.of("models/hosts/x86-2s-2024.json").toAbsolutePath(),
                Path.of("models/stacks/debian12.json").toAbsolutePath(), guest));
        return ExperimentLoader.load(exp, Overrides.parseSets(List.of(sets), "--set")).experiment();
    }

    @Test
    void theDumpxmlFixtureGivesTheGuestItDescribes() {
        DomainXml.Guest g = DomainXml.read(WEB01, "web01.xml");
        // <memory unit='KiB'>4194304</memory> = 4 GiB; <currentMemory> 3 GiB, the balloon target
        assertEquals(4L * 1024 * 1024 * 1024 / (1024 * 1024), value(g, "memoryMiB"));
        assertEquals(3L * 1024, value(g, "touchedMiB"));
        assertEquals(2, value(g, "vcpus"), "current='2' of 4");
        assertEquals(2, value(g, "iothreads"));
        // vda, vdb (files), vdc (block) on virtio; the sata cdrom is no virtio-blk disk
        assertEquals(3, value(g, "disks"));
        assertEquals("file", text(g, "diskBacking"), "2 files, 1 block");
        assertEquals("native", text(g, "aio"));
        assertTrue(source(g, "disks").contains("cdrom on sata"), source(g, "disks"));
        assertTrue(source(g, "disks").contains("<driver queues>"), "vdb's queues='4' is not modelled: " + source(g, "disks"));
        // two virtio NICs (4 and 2 queues), one e1000e left out
        assertEquals(2, value(g, "nics"));
        assertEquals(4, value(g, "nicQueues"));
        assertTrue(source(g, "nicQueues").contains("mixed queue counts [4, 2]"), source(g, "nicQueues"));
        assertTrue(source(g, "nics").contains("model e1000e"), source(g, "nics"));
        assertTrue(g.fields().getAsJsonObject("console").get("value").getAsBoolean());
        assertFalse(g.fields().has("ioDepth"), "the XML does not say it");
        assertTrue(g.lines().get("vcpus") > 0);
        assertTrue(source(g, "vcpus").startsWith("domain XML web01.xml line " + g.lines().get("vcpus") + ": "), source(g, "vcpus"));
    }

    @ParameterizedTest
    @CsvSource({
            // value, unit, bytes per unit as libvirt's formatdomain lists them
            "3, b, 1", "3000, bytes, 1", "5, KB, 1000", "7, k, 1024", "7, KiB, 1024", "7, kib, 1024",
            "9, MB, 1000000", "9, M, 1048576", "9, MiB, 1048576", "2, GB, 1000000000", "2, G, 1073741824",
            "2, GiB, 1073741824", "1, TB, 1000000000000", "1, T, 1099511627776", "1, TiB, 1099511627776",
            "1048576, '', 1024"})
    void memoryIsReadInLibvirtsUnitsAndRoundedUpToWholeKiB(long value, String unit, long bytesPerUnit) throws IOException {
        String attr = unit.isEmpty() ? "" : " unit='" + unit + "'";
        DomainXml.Guest g = DomainXml.read(xml("<memory" + attr + ">" + value + "</memory>"), "guest.xml");
        double kib = Math.ceil(value * (double) bytesPerUnit / 1024);
        assertEquals(kib / 1024, value(g, "memoryMiB"), 1e-9, value + " " + unit);
    }

    @Test
    void anUnknownUnitIsAnErrorNamingTheElementAndLine() throws IOException {
        Path p = xml("  <name>x</name>\n  <memory unit='KX'>4</memory>");
        InputException e = assertThrows(InputException.class, () -> DomainXml.read(p, "guest.xml"));
        assertEquals("guest.xml", e.file());
        assertEquals("domain/memory", e.path());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("unknown unit 'KX'"), e.problem());
    }

    @Test
    void vcpusAreThoseOnlineAtBoot() throws IOException {
        assertEquals(8, value(DomainXml.read(xml("<vcpu placement='static'>8</vcpu>"), "g"), "vcpus"));
        assertEquals(3, value(DomainXml.read(xml("<vcpu placement='static' current='3'>8</vcpu>"), "g"), "vcpus"));
        InputException e = assertThrows(InputException.class, () -> DomainXml.read(xml("<vcpu>two</vcpu>"), "g"));
        assertEquals("domain/vcpu", e.path());
        assertEquals(2, e.line());
    }

    @Test
    void nicQueuesAreTheLargestOfTheVirtioNics() throws IOException {
        DomainXml.Guest g = DomainXml.read(xml("""
                <devices>
                  <interface type='bridge'><model type='virtio'/><driver queues='2'/></interface>
                  <interface type='bridge'><model type='virtio'/><driver name='vhost' queues='8'/></interface>
                  <interface type='network'><model type='virtio'/></interface>
                  <interface type='bridge'><model type='rtl8139'/></interface>
                </devices>"""), "g");
        assertEquals(3, value(g, "nics"), "the rtl8139 is no virtio-net");
        assertEquals(8, value(g, "nicQueues"));
        assertTrue(source(g, "nicQueues").contains("[8, 2, 1]"), source(g, "nicQueues"));
        DomainXml.Guest one = DomainXml.read(xml("<devices><interface type='bridge'><model type='virtio'/></interface></devices>"), "g");
        assertEquals(1, value(one, "nicQueues"));
        assertFalse(one.fields().getAsJsonObject("console").get("value").getAsBoolean(), "no pty serial or console");
    }

    @Test
    void diskBackingAndAioAreThoseOfMostVirtioDisks() throws IOException {
        DomainXml.Guest g = DomainXml.read(xml("""
                <devices>
                  <disk type='file' device='disk'><driver name='qemu' io='threads'/><target dev='vda' bus='virtio'/></disk>
                  <disk type='block' device='disk'><driver name='qemu' io='native'/><target dev='vdb' bus='virtio'/></disk>
                  <disk type='block' device='disk'><driver name='qemu' io='native'/><target dev='vdc'/></disk>
                  <disk type='file' device='disk'><target dev='sda' bus='scsi'/></disk>
                  <disk type='file' device='cdrom'><target dev='hda' bus='ide'/></disk>
                  <disk type='block' device='lun'><target dev='vdd' bus='virtio'/></disk>
                  <serial type='pty'><target port='0'/></serial>
                </devices>"""), "g");
        assertEquals(3, value(g, "disks"), "vda, vdb and vdc (virtio by its name); not the scsi disk, the cdrom or the lun");
        assertEquals("block", text(g, "diskBacking"), "2 block, 1 file");
        assertEquals("native", text(g, "aio"), "2 native, 1 threads");
        assertTrue(source(g, "diskBacking").contains("mixed"), source(g, "diskBacking"));
        assertTrue(g.fields().getAsJsonObject("console").get("value").getAsBoolean());

        DomainXml.Guest tie = DomainXml.read(xml("""
                <devices>
                  <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>
                  <disk type='network' device='disk'><driver name='qemu' io='io_uring'/><target dev='vdb' bus='virtio'/></disk>
                </devices>"""), "g");
        assertEquals("file", text(tie, "diskBacking"), "a tie: file (its inotify watch)");
        assertEquals("threads", text(tie, "aio"), "QEMU's default and io_uring, taken as threads");
        assertTrue(source(tie, "diskBacking").contains("network"), source(tie, "diskBacking"));
        assertTrue(source(tie, "aio").contains("io_uring"), source(tie, "aio"));
    }

    @Test
    void keysBesideTheXmlOverrideItAndKeysItLacksKeepTheirDefaults() throws IOException {
        Path xml = dir.resolve("web01.xml");
        Files.copy(WEB01, xml);
        GuestTemplate g = experiment(xml, "{ \"domainXml\": \"web01.xml\", \"vcpus\": 8 }", "guest.disks=5").guest();
        assertEquals(8, g.vcpus(), "the file's key");
        assertEquals(5, g.disks(), "--set");
        assertEquals(4096, g.memoryMiB(), "the XML's");
        assertEquals(4, g.nicQueues(), "the XML's");
        assertEquals(DiskBacking.FILE, g.diskBacking());
        assertEquals(AioMode.NATIVE, g.aio());
        assertEquals(1, g.ioDepth(), "not in the XML: the default");

        Path bare = xml("<memory unit='GiB'>2</memory>");
        GuestTemplate d = experiment(bare, "{ \"domainXml\": \"guest.xml\" }").guest();
        GuestTemplate defaults = experiment(bare, "{}").guest();
        assertEquals(2048, d.memoryMiB());
        assertEquals(defaults.vcpus(), d.vcpus());
        assertEquals(defaults.nics(), d.nics(), "no <devices>: the devices keep their defaults");
        assertEquals(defaults.console(), d.console());
    }

    @Test
    void theResolvedGuestNamesTheXmlLineOfEachValue() throws IOException {
        Path xml = dir.resolve("web01.xml");
        Files.copy(WEB01, xml);
        Path exp = dir.resolve("exp.json");
        experiment(xml, "{ \"domainXml\": \"web01.xml\" }");
        JsonObject resolved = ExperimentLoader.load(exp, java.util.Map.of()).resolved();
        String src = resolved.getAsJsonObject("guest").getAsJsonObject("vcpus").get("source").getAsString();
        int line = DomainXml.read(xml, "web01.xml").lines().get("vcpus");
        // named as the experiment file is named, beside it
        assertEquals("domain XML " + exp.getParent().resolve("web01.xml") + " line " + line + ": <vcpu current='2'>4</vcpu>: the vCPUs online at boot", src);
    }

    @Test
    void aValueOutOfRangeIsReportedAtItsXmlLine() throws IOException {
        Path p = xml("  <vcpu>5000</vcpu>");
        InputException e = assertThrows(InputException.class, () -> experiment(p, "{ \"domainXml\": \"guest.xml\" }"));
        assertEquals("guest.vcpus", e.path());
        assertTrue(e.file().endsWith("guest.xml"), e.file());
        assertEquals(2, e.line());
    }

    @Test
    void aMalformedXmlIsOneLineWithItsFileAndLine() throws IOException {
        Path p = xml("  <memory unit='GiB'>2</memory>\n  <vcpu>2</vcpu\n  <devices/>");
        InputException e = assertThrows(InputException.class, () -> experiment(p, "{ \"domainXml\": \"guest.xml\" }"));
        assertTrue(e.file().endsWith("guest.xml"), e.file());
        assertTrue(e.line() >= 3, e.getMessage());
        assertTrue(e.problem().startsWith("malformed domain XML: "), e.problem());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aMissingFileNamesTheExperimentsLine() throws IOException {
        InputException e = assertThrows(InputException.class, () -> experiment(dir.resolve("x.xml"), "{\n    \"domainXml\": \"nowhere.xml\" }"));
        assertEquals("guest.domainXml", e.path());
        assertTrue(e.file().endsWith("exp.json"), e.file());
        assertEquals(6, e.line(), e.getMessage());
        assertTrue(e.problem().contains("domain XML file not found: nowhere.xml"), e.problem());
    }

    @Test
    void notADomainAndADoctypeAreRefused() throws IOException {
        Path net = dir.resolve("net.xml");
        Files.writeString(net, "<network><name>default</name></network>\n");
        InputException e = assertThrows(InputException.class, () -> DomainXml.read(net, "net.xml"));
        assertTrue(e.problem().contains("expected a libvirt <domain> element"), e.problem());
        Path dtd = dir.resolve("dtd.xml");
        Files.writeString(dtd, "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<domain><name>&x;</name></domain>\n");
        InputException d = assertThrows(InputException.class, () -> DomainXml.read(dtd, "dtd.xml"));
        assertEquals(2, d.line(), d.getMessage());
    }
}
