package capsim.scenario;

import capsim.config.Binder;
import capsim.config.InputException;
import capsim.model.common.GuestTemplate.AioMode;
import capsim.model.common.GuestTemplate.DiskBacking;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A guest's shape read from a libvirt domain XML (what {@code virsh dumpxml} prints), as libvirt's
 * formatdomain documentation defines the elements:
 * <ul>
 * <li>{@code <memory unit=…>}: memoryMiB (libvirt's units, rounded up to whole KiB as libvirt
 * does); a {@code <currentMemory>} below it is the balloon target, what the guest keeps: touchedMiB;</li>
 * <li>{@code <vcpu current=…>N</vcpu>}: the vCPUs online at boot (current, else N);</li>
 * <li>{@code <iothreads>}: IOThreads (else the count of {@code <iothreadids>});</li>
 * <li>each {@code <disk device='disk'>} on bus virtio: a virtio-blk disk; its {@code type} (file,
 * block) the backing, its {@code <driver io=…>} (native, threads) the aio mode; a cdrom, floppy,
 * lun or a disk on another bus is no virtio-blk disk and is left out;</li>
 * <li>each {@code <interface>} with {@code <model type='virtio'/>}: a virtio-net NIC, its
 * {@code <driver queues=…>} the queue pairs; other models are left out;</li>
 * <li>a {@code <serial type='pty'>} or {@code <console type='pty'>}: the pty console.</li>
 * </ul>
 * The model has one backing, one aio mode and one queue count for all of a guest's devices: where
 * the XML mixes them the backing and the aio mode of most disks are taken (ties: file, native, the
 * costlier) and the most queues; each value's source says so. A field the XML does not say is not
 * returned. Values come back as sourced JSON ({@code {"value", "source"}}), each source naming the
 * file and line it was read from. The JDK's SAX parser builds the DOM here so that every element
 * keeps its line (a DOM from DocumentBuilder has none); DTDs are refused (no external entities).
 */
public final class DomainXml {
    private static final String LINE = "capsim.line";

    /** The guest's fields as the XML gives them, and the line each was read from. */
    public record Guest(JsonObject fields, Map<String, Integer> lines) {
    }

    private final String label;
    private final JsonObject fields = new JsonObject();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private DomainXml(String label) {
        this.label = label;
    }

    /**
     * Reads {@code file}; {@code label} names it in sources and errors. A malformed file or a value
     * libvirt would not accept is an {@link InputException} naming the file, the element and its line.
     */
    public static Guest read(Path file, String label) {
        DomainXml x = new DomainXml(label);
        x.readDomain(parse(file, label).getDocumentElement());
        return new Guest(x.fields, Map.copyOf(x.lines));
    }

    private void readDomain(Element domain) {
        if (!domain.getTagName().equals("domain")) {
            throw error(domain, "expected a libvirt <domain> element (virsh dumpxml), found <" + domain.getTagName() + ">");
        }
        Element memory = child(domain, "memory");
        double memoryMiB = 0;
        if (memory != null) {
            memoryMiB = mib(memory);
            put("memoryMiB", number(memoryMiB), memory, "<memory unit='" + unitOf(memory) + "'>" + text(memory) + "</memory> = "
                    + plain(memoryMiB) + " MiB");
        }
        Element current = child(domain, "currentMemory");
        if (current != null) {
            double currentMiB = mib(current);
            if (memory != null && currentMiB < memoryMiB) {
                put("touchedMiB", number(currentMiB), current, "<currentMemory unit='" + unitOf(current) + "'>" + text(current)
                        + "</currentMemory> = " + plain(currentMiB) + " MiB, the balloon target below <memory>: what the guest keeps resident");
            }
        }
        Element vcpu = child(domain, "vcpu");
        if (vcpu != null) {
            long max = wholeNumber(vcpu, text(vcpu), "the vCPU count");
            String cur = vcpu.getAttribute("current");
            if (cur.isEmpty()) {
                put("vcpus", new JsonPrimitive(max), vcpu, "<vcpu>" + max + "</vcpu>");
            } else {
                long online = wholeNumber(vcpu, cur, "current=");
                if (online > max) throw error(vcpu, "current='" + online + "' is above the " + max + " vCPUs of <vcpu>");
                put("vcpus", new JsonPrimitive(online), vcpu, "<vcpu current='" + online + "'>" + max + "</vcpu>: the vCPUs online at boot");
            }
        }
        Element iothreads = child(domain, "iothreads");
        Element iothreadIds = child(domain, "iothreadids");
        if (iothreads != null) {
            put("iothreads", new JsonPrimitive(wholeNumber(iothreads, text(iothreads), "the IOThread count")), iothreads,
                    "<iothreads>" + text(iothreads) + "</iothreads>");
        } else if (iothreadIds != null) {
            int n = children(iothreadIds, "iothread").size();
            put("iothreads", new JsonPrimitive(n), iothreadIds, n + " <iothread> in <iothreadids>");
        }
        Element devices = child(domain, "devices");
        if (devices != null) {
            readDisks(devices);
            readInterfaces(devices);
            readConsole(devices);
        }
    }

    private void readDisks(Element devices) {
        List<String> at = new ArrayList<>();
        List<String> left = new ArrayList<>();
        int file = 0, block = 0;
        int nativeIo = 0, threadsIo = 0;
        List<String> otherTypes = new ArrayList<>();
        List<String> otherIo = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        for (Element disk : children(devices, "disk")) {
            String device = orDefault(disk.getAttribute("device"), "disk");
            Element target = child(disk, "target");
            String bus = target == null ? "" : target.getAttribute("bus");
            if (bus.isEmpty() && target != null && target.getAttribute("dev").startsWith("vd")) bus = "virtio";  // libvirt's guess from the name
            if (!device.equals("disk") || !bus.equals("virtio")) {
                left.add(device + (bus.isEmpty() ? "" : " on " + bus) + " (line " + line(disk) + ")");
                continue;
            }
            at.add(Integer.toString(line(disk)));
            String type = orDefault(disk.getAttribute("type"), "file");
            if (type.equals("file")) file++;
            else if (type.equals("block")) block++;
            else {
                block++;
                otherTypes.add(type + " (line " + line(disk) + ")");
            }
            Element driver = child(disk, "driver");
            String io = driver == null ? "" : driver.getAttribute("io");
            if (io.equals("native")) nativeIo++;
            else {
                threadsIo++;
                if (!io.isEmpty() && !io.equals("threads")) otherIo.add(io + " (line " + line(driver) + ")");
            }
            if (driver != null && !driver.getAttribute("queues").isEmpty()) queues.add("line " + line(driver));
        }
        int disks = file + block;
        StringBuilder src = new StringBuilder(disks + " <disk device='disk'> on bus virtio");
        if (disks > 0) src.append(" (line ").append(String.join(", ", at)).append(')');
        if (!left.isEmpty()) src.append("; not virtio-blk disks, left out: ").append(String.join(", ", left));
        if (!queues.isEmpty()) {
            src.append("; <driver queues> (").append(String.join(", ", queues))
                    .append(") not modelled: the model takes a disk's queues from QEMU's version and the vCPUs");
        }
        putAt("disks", new JsonPrimitive(disks), line(devices), src.toString());
        if (disks == 0) return;
        DiskBacking backing = file >= block ? DiskBacking.FILE : DiskBacking.BLOCK;
        String bsrc = file + " file-backed, " + block + " block" + (otherTypes.isEmpty() ? "" : " (of which without an image file on the host, modelled as block: "
                + String.join(", ", otherTypes) + ")") + (file > 0 && block > 0 ? "; mixed: the backing of most disks (ties: file)" : "");
        putAt("diskBacking", new JsonPrimitive(Binder.enumName(backing)), line(devices), "<disk type=…> of the virtio disks: " + bsrc);
        AioMode aio = nativeIo >= threadsIo ? AioMode.NATIVE : AioMode.THREADS;
        String asrc = nativeIo + " io='native', " + threadsIo + " io='threads' or QEMU's default (threads)"
                + (otherIo.isEmpty() ? "" : "; not modelled, taken as threads: " + String.join(", ", otherIo))
                + (nativeIo > 0 && threadsIo > 0 ? "; mixed: the mode of most disks (ties: native)" : "");
        putAt("aio", new JsonPrimitive(Binder.enumName(aio)), line(devices), "<driver io=…> of the virtio disks: " + asrc);
    }

    private void readInterfaces(Element devices) {
        List<String> at = new ArrayList<>();
        List<String> left = new ArrayList<>();
        TreeSet<Long> queueCounts = new TreeSet<>();
        int queueLine = 0;
        long most = 0;
        for (Element nic : children(devices, "interface")) {
            Element model = child(nic, "model");
            String type = model == null ? "" : model.getAttribute("type");
            // virtio, virtio-transitional, virtio-non-transitional: all virtio-net
            if (!type.startsWith("virtio")) {
                left.add((type.isEmpty() ? "no model" : "model " + type) + " (line " + line(nic) + ")");
                continue;
            }
            at.add(Integer.toString(line(nic)));
            Element driver = child(nic, "driver");
            long q = 1;
            if (driver != null && !driver.getAttribute("queues").isEmpty()) q = wholeNumber(driver, driver.getAttribute("queues"), "queues=");
            queueCounts.add(q);
            if (q > most) {
                most = q;
                queueLine = driver == null ? line(nic) : line(driver);
            }
        }
        int nics = at.size();
        StringBuilder src = new StringBuilder(nics + " <interface> with <model type='virtio'/>");
        if (nics > 0) src.append(" (line ").append(String.join(", ", at)).append(')');
        if (!left.isEmpty()) src.append("; not virtio-net, left out: ").append(String.join(", ", left));
        putAt("nics", new JsonPrimitive(nics), line(devices), src.toString());
        if (nics == 0) return;
        String qsrc = most == 1 && queueCounts.size() == 1 ? "no <driver queues> above 1: one queue pair each"
                : "<driver queues='" + most + "'>" + (queueCounts.size() > 1
                ? "; mixed queue counts " + queueCounts.descendingSet() + ": the largest (the model gives every NIC the same queue pairs)" : "");
        putAt("nicQueues", new JsonPrimitive(most), queueLine, qsrc);
    }

    private void readConsole(Element devices) {
        for (String kind : new String[] {"serial", "console"}) {
            for (Element e : children(devices, kind)) {
                if (e.getAttribute("type").equals("pty")) {
                    put("console", new JsonPrimitive(true), e, "<" + kind + " type='pty'>");
                    return;
                }
            }
        }
        putAt("console", new JsonPrimitive(false), line(devices), "no <serial type='pty'> or <console type='pty'> in <devices>");
    }

    /** What libvirt stores for a memory element: its value in its unit, rounded up to whole KiB; in MiB. */
    private double mib(Element e) {
        BigInteger value = BigInteger.valueOf(wholeNumber(e, text(e), "a memory size"));
        BigInteger bytes;
        try {
            bytes = value.multiply(BigInteger.valueOf(bytesPer(e.getAttribute("unit"))));
        } catch (IllegalArgumentException iae) {
            throw error(e, iae.getMessage());
        }
        BigInteger kib = bytes.add(BigInteger.valueOf(1023)).divide(BigInteger.valueOf(1024));
        return kib.doubleValue() / 1024;
    }

    /**
     * Bytes per unit as libvirt scales a size (virScaleInteger, case-insensitive): b, byte, bytes;
     * a letter k, m, g, t, p, e alone or with "iB" for powers of 1024, with "B" for powers of 1000;
     * no unit: KiB (the default of memory elements).
     */
    static long bytesPer(String unit) {
        if (unit.isEmpty()) return 1024;
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) return 1;
        long base;
        if (u.length() == 1 || u.substring(1).equals("ib")) base = 1024;
        else if (u.length() == 2 && u.charAt(1) == 'b') base = 1000;
        else throw new IllegalArgumentException(unknownUnit(unit));
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        if (power == 0) throw new IllegalArgumentException(unknownUnit(unit));
        long scale = 1;
        for (int i = 0; i < power; i++) scale *= base;
        return scale;
    }

    private static String unknownUnit(String unit) {
        return "unknown unit '" + unit + "'; libvirt takes b or bytes, KB/MB/GB/TB/PB/EB (powers of 1000), "
                + "k/KiB, M/MiB, G/GiB, T/TiB, P/PiB, E/EiB (powers of 1024)";
    }

    private static String unitOf(Element e) {
        return orDefault(e.getAttribute("unit"), "KiB");
    }

    private long wholeNumber(Element e, String text, String what) {
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException nfe) {
            throw error(e, "expected a whole number for " + what + ", found '" + text.strip() + "'");
        }
    }

    private void put(String field, JsonPrimitive value, Element from, String what) {
        putAt(field, value, line(from), what);
    }

    private void putAt(String field, JsonPrimitive value, int line, String what) {
        JsonObject o = new JsonObject();
        o.add("value", value);
        o.addProperty("source", "domain XML " + label + " line " + line + ": " + what);
        fields.add(field, o);
        lines.put(field, line);
    }

    private static JsonPrimitive number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? new JsonPrimitive((long) v) : new JsonPrimitive(v);
    }

    private static String plain(double v) {
        return number(v).getAsNumber().toString();
    }

    private InputException error(Element e, String problem) {
        return new InputException(label, path(e), line(e), problem);
    }

    /** The element's place in the document, as domain/devices/disk[2]/driver. */
    private static String path(Element e) {
        Deque<String> parts = new ArrayDeque<>();
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            int index = 1, same = 0;
            for (Node s = el.getParentNode() == null ? null : el.getParentNode().getFirstChild(); s != null; s = s.getNextSibling()) {
                if (s instanceof Element se && se.getTagName().equals(el.getTagName())) {
                    same++;
                    if (s.equals(el)) index = same;
                }
            }
            parts.push(same > 1 ? el.getTagName() + "[" + index + "]" : el.getTagName());
        }
        return String.join("/", parts);
    }

    private static int line(Element e) {
        Object l = e.getUserData(LINE);
        return l instanceof Integer i ? i : 0;
    }

    private static String text(Element e) {
        return e.getTextContent().strip();
    }

    private static String orDefault(String v, String d) {
        return v.isEmpty() ? d : v;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    /** The document, each element with the line its start tag ends on. */
    private static Document parse(Path file, String label) {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            SAXParser parser = f.newSAXParser();
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            parser.parse(file.toFile(), new DefaultHandler() {
                private final Deque<Node> open = new ArrayDeque<>(List.of(doc));
                private Locator locator;

                @Override
                public void setDocumentLocator(Locator l) {
                    locator = l;
                }

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attrs) {
                    Element e = doc.createElement(qName);
                    for (int i = 0; i < attrs.getLength(); i++) e.setAttribute(attrs.getQName(i), attrs.getValue(i));
                    e.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
                    open.peek().appendChild(e);
                    open.push(e);
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    open.pop();
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    open.peek().appendChild(doc.createTextNode(new String(ch, start, length)));
                }
            });
            return doc;
        } catch (SAXParseException e) {
            throw new InputException(label, "", e.getLineNumber(), "malformed domain XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw new InputException(label, "", 0, "cannot parse the domain XML: " + e.getMessage());
        } catch (IOException e) {
            throw new InputException(label, "", 0, "cannot read the domain XML: " + e.getMessage());
        }
    }
}
