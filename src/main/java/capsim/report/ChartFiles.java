package capsim.report;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Writes a chart as {@code <name>.png} (compressed) and {@code <name>.svg} (rounded coordinates,
 * ids from the chart's name so they are stable and unique within a report that inlines several).
 */
public final class ChartFiles {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;

    private ChartFiles() {
    }

    /** Writes {@code <name>.png} and {@code <name>.svg} into {@code dir}; returns the two paths. */
    public static List<Path> save(JFreeChart chart, Path dir, String name) throws IOException {
        return save(chart, dir, name, WIDTH, HEIGHT);
    }

    /** As {@link #save(JFreeChart, Path, String)} at {@code width} x {@code height} pixels. */
    public static List<Path> save(JFreeChart chart, Path dir, String name, int width, int height) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartUtils.writeChartAsPNG(out, chart, width, height, null, true, 9);
        }
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setGeomDoubleConverter(SVGUtils.createDoubleConverter(2));
        // ids from the chart's name: unique within a report that inlines several charts, and stable
        g2.setDefsKeyPrefix("_" + name.replaceAll("[^A-Za-z0-9]", "_") + "_");
        g2.setTransformDoubleConverter(SVGUtils.createDoubleConverter(4));
        chart.draw(g2, new Rectangle(0, 0, width, height));
        Files.writeString(svg, g2.getSVGDocument(), StandardCharsets.UTF_8);
        return List.of(png, svg);
    }
}
