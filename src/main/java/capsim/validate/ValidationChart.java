package capsim.validate;

import capsim.report.ChartFiles;
import capsim.report.ChartStyle;
import capsim.validate.calibration.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Predicted against measured for the series of one probe and group: one panel per metric over a
 * shared x axis; measured points (filled where the calibration was fitted, hollow where it was
 * checked), the model's prediction as a line and the calibrated model as a dashed line. PNG and SVG.
 */
public final class ValidationChart {
    private static final Color MEASURED = new Color(0x1f, 0x77, 0xb4);
    private static final Color PREDICTED = new Color(0xd6, 0x27, 0x28);
    private static final Color CALIBRATED = new Color(0x2c, 0xa0, 0x2c);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ValidationChart() {
    }

    public static JFreeChart chart(String title, List<Series> series) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.numberAxis(series.get(0).xLabel(), true));
        plot.setGap(12);
        for (Series s : series) plot.add(panel(s), 1);
        // fit / check points: where a calibration was fitted, or where the probe declared its calibration points
        plot.setFixedLegendItems(legend(series.stream().anyMatch(s -> s.calibrated() != null || s.hasDeclaredSplit()),
                series.stream().anyMatch(s -> s.calibrated() != null)));
        return ChartStyle.styled(title, plot, true);
    }

    /** One legend for all panels (each panel would repeat its own). */
    private static LegendItemCollection legend(boolean split, boolean calibrated) {
        LegendItemCollection items = new LegendItemCollection();
        Shape line = new Line2D.Double(-7, 0, 7, 0);
        items.add(new LegendItem(split ? "measured (fit)" : "measured", null, null, null,
                new Ellipse2D.Double(-3.5, -3.5, 7, 7), MEASURED));
        if (split) {
            items.add(new LegendItem("measured (check)", null, null, null, true, new Rectangle2D.Double(-3.5, -3.5, 7, 7),
                    false, MEASURED, true, MEASURED, new BasicStroke(1f), false, line, new BasicStroke(1f), MEASURED));
        }
        items.add(new LegendItem("predicted (model)", null, null, null, line, new BasicStroke(2f), PREDICTED));
        if (calibrated) items.add(new LegendItem("calibrated (fit on the filled points)", null, null, null, line, DASHED, CALIBRATED));
        return items;
    }

    private static XYPlot panel(Series s) {
        double[] x = s.x();
        double[] m = s.measured();
        double[] p = s.predicted();
        double[] c = s.calibrated();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries measuredFit = new XYSeries(c == null && !s.hasDeclaredSplit() ? "measured" : "measured (fit)", false, true);
        XYSeries measuredCheck = new XYSeries("measured (check)", false, true);
        XYSeries predicted = new XYSeries("predicted (model)", false, true);
        XYSeries calibrated = new XYSeries("calibrated", false, true);
        for (int i = 0; i < x.length; i++) {
            if (s.role(i).equals("check")) measuredCheck.add(x[i], m[i]);
            else measuredFit.add(x[i], m[i]);
            predicted.add(x[i], p[i]);
            if (c != null) calibrated.add(x[i], c[i]);
        }
        data.addSeries(measuredFit);
        data.addSeries(measuredCheck);
        data.addSeries(predicted);
        data.addSeries(calibrated);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        r.setSeriesShape(1, new Rectangle2D.Double(-3.5, -3.5, 7, 7));
        r.setSeriesShapesFilled(1, false);
        r.setSeriesPaint(0, MEASURED);
        r.setSeriesPaint(1, MEASURED);
        r.setSeriesShapesVisible(2, false);
        r.setSeriesShapesVisible(3, false);
        r.setSeriesPaint(2, PREDICTED);
        r.setSeriesPaint(3, CALIBRATED);
        r.setSeriesStroke(2, new BasicStroke(2f));
        r.setSeriesStroke(3, DASHED);
        NumberAxis y = ChartStyle.numberAxis(s.metric().equals(s.unit()) ? s.metric() : s.metric() + " (" + s.unit() + ")", true);
        XYPlot panel = new XYPlot(data, null, y, r);
        ChartStyle.style(panel);
        return panel;
    }

    /** Writes {@code <base>.png} and {@code <base>.svg}. */
    public static void write(Path dir, String base, String title, List<Series> series, int width, int panelHeight) throws IOException {
        ChartFiles.save(chart(title, series), dir, base, width, 80 + panelHeight * series.size());
    }
}
