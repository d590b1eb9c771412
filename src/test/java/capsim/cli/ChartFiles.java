package capsim.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

/** Checks that chart files are what they claim: PNGs decode to a picture, SVGs parse as XML with an svg root. */
final class ChartFiles {
    private ChartFiles() {
    }

    static void assertValidCharts(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertFalse(files.isEmpty(), "charts written");
        int png = 0;
        int svg = 0;
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.endsWith(".png")) {
                byte[] b = Files.readAllBytes(f);
                assertEquals((byte) 0x89, b[0], n);
                assertEquals("PNG", new String(b, 1, 3, java.nio.charset.StandardCharsets.US_ASCII), n);
                BufferedImage img = ImageIO.read(f.toFile());
                assertNotNull(img, n);
                assertTrue(img.getWidth() >= 600 && img.getHeight() >= 400, n);
                png++;
                assertTrue(Files.exists(dir.resolve(n.replace(".png", ".svg"))), "every PNG has its SVG: " + n);
            } else if (n.endsWith(".svg")) {
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                var doc = dbf.newDocumentBuilder().parse(f.toFile());
                assertEquals("svg", doc.getDocumentElement().getNodeName(), n);
                svg++;
            }
        }
        assertEquals(png, svg);
    }
}
