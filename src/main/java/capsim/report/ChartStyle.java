package capsim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look every capsim chart shares: palette, fonts, white plots with a light grid, axes with
 * grouped tick labels, the subtitle and the legend below.
 */
public final class ChartStyle {
    private static final Paint[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};
    private static final Color GRID = new Color(0xdddddd);
    /** Limits, targets and breaking points. */
    static final Color LIMIT = new Color(0xb00020);
    static final String FONT = "DejaVu Sans";
    static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);

    private ChartStyle() {
    }

    /** The {@code i}th series colour, the palette repeating. */
    static Paint color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static Font titleFont() {
        return new Font(FONT, Font.BOLD, 16);
    }

    /**
     * A chart of a plot its caller built (panels, renderers, legend items of its own) in the
     * style of the others: title font, white background, padding, the legend below.
     */
    public static JFreeChart styled(String title, Plot plot, boolean legend) {
        return finish(new JFreeChart(title, titleFont(), plot, legend), null);
    }

    /** White background, padding, the subtitle (when there is one), an XY plot styled, the legend below. */
    static JFreeChart finish(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 8, 6, 14));
        if (subtitle != null && !subtitle.isEmpty()) {
            TextTitle t = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 12));
            t.setPaint(new Color(0x555555));
            chart.addSubtitle(t);
        }
        if (chart.getPlot() instanceof XYPlot p) style(p);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(new Font(FONT, Font.PLAIN, 12));
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
        }
        return chart;
    }

    /** White background, light grid, no outline. */
    public static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlineStroke(new BasicStroke(1f));
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setOutlineVisible(false);
        p.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    }

    /** White background, light grid along the values, no outline. */
    static void style(CategoryPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(GRID);
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setOutlineVisible(false);
    }

    /** Label and tick fonts, grey axis line and tick marks. */
    static void styleAxis(Axis a) {
        a.setLabelFont(new Font(FONT, Font.PLAIN, 13));
        a.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        a.setAxisLinePaint(Color.GRAY);
        a.setTickMarkPaint(Color.GRAY);
    }

    /** A linear axis with grouped tick labels in the unit its label names. */
    public static NumberAxis numberAxis(String label, boolean includeZero) {
        NumberAxis a = new NumberAxis(label);
        a.setLowerMargin(0.03);
        a.setUpperMargin(0.04);
        styleAxis(a);
        a.setAutoRangeIncludesZero(includeZero);
        a.setStandardTickUnits(new NumberTickUnitSource(false, ChartNumbers.groupedFormat(3)));
        a.setNumberFormatOverride(null);
        return a;
    }

    /** A base-10 log axis with round-number ticks ({@link NiceLogAxis}), its label saying so. */
    static ValueAxis logAxis(String label) {
        LogAxis a = new NiceLogAxis(label + ", log scale", ChartNumbers.groupedFormat(3));
        styleAxis(a);
        a.setSmallestValue(1e-9);
        a.setMinorTickMarksVisible(true);
        return a;
    }
}
