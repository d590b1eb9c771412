package capsim.report;

import static capsim.report.ChartStyle.FONT;
import static capsim.report.ChartStyle.LABEL_BACKGROUND;
import static capsim.report.ChartStyle.LIMIT;
import static capsim.report.ChartStyle.color;
import static capsim.report.ChartStyle.finish;
import static capsim.report.ChartStyle.logAxis;
import static capsim.report.ChartStyle.numberAxis;
import static capsim.report.ChartStyle.style;
import static capsim.report.ChartStyle.styleAxis;
import static capsim.report.ChartStyle.titleFont;

import capsim.analysis.GrowthFit;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.IntervalBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.category.DefaultIntervalCategoryDataset;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts capsim writes, PNG and SVG, drawn headless with JFreeChart: curves with 95%
 * confidence bands over a sweep axis, the log-log view with the fitted growth exponent in the
 * legend, a resource's usage against its limit over simulated time with the breaking point
 * marked, variants overlaid, the walls on the way to a target, and a tornado of inputs by effect. Every chart has a title, axis
 * names with units and a legend; ticks are grouped numbers in the unit the label names.
 * The look is {@link ChartStyle}'s; {@link ChartFiles} writes them.
 */
public final class Charts {
    /** Time buckets of a usage chart: about one per pixel is all a reader can see. */
    private static final int MAX_BUCKETS = 600;

    /**
     * One curve over x: means with a 95% band (lower = upper = mean when there is no interval);
     * {@code broke[i]} marks a point where a run broke (drawn as a cross, left out of fits).
     */
    public record Curve(String name, double[] x, double[] mean, double[] lower, double[] upper, boolean[] broke) {
        public Curve(String name, double[] x, double[] mean, double[] lower, double[] upper) {
            this(name, x, mean, lower, upper, new boolean[x.length]);
        }

        /** The same curve with every value multiplied by {@code f} (a unit change). */
        public Curve scaled(double f) {
            double[] m = mean.clone();
            double[] lo = lower.clone();
            double[] hi = upper.clone();
            for (int i = 0; i < m.length; i++) {
                m[i] *= f;
                lo[i] *= f;
                hi[i] *= f;
            }
            return new Curve(name, x, m, lo, hi, broke);
        }

        boolean anyBroke() {
            for (boolean b : broke) if (b) return true;
            return false;
        }
    }

    /** The legend name of the crosses that mark points where a run broke. */
    public static final String BROKE_SERIES = "a run broke here";

    /** A step series over time: a resource's usage. */
    public record Trace(String name, double[] timeS, double[] value) {
    }

    /** A vertical marker: a breaking point at a time, or a wall at a count. */
    public record Mark(double x, String label) {
    }

    private Charts() {
    }

    /** Means with confidence bands over a sweep axis, one curve per series or variant. */
    public static JFreeChart curves(String title, String subtitle, String xLabel, String yLabel, List<Curve> curves,
                                    List<Mark> marks) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Curve c : curves) {
            YIntervalSeries s = new YIntervalSeries(c.name());
            for (int i = 0; i < c.x().length; i++) {
                double m = c.mean()[i];
                if (Double.isNaN(m)) continue;
                double lo = Double.isNaN(c.lower()[i]) ? m : c.lower()[i];
                double hi = Double.isNaN(c.upper()[i]) ? m : c.upper()[i];
                s.add(c.x()[i], m, lo, hi);
            }
            data.addSeries(s);
        }
        DeviationRenderer r = new DeviationRenderer(true, true);
        r.setAlpha(0.18f);
        for (int i = 0; i < curves.size(); i++) {
            Paint p = color(i);
            r.setSeriesPaint(i, p);
            r.setSeriesFillPaint(i, p);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        XYPlot plot = new XYPlot(data, numberAxis(xLabel, false), numberAxis(yLabel, true), r);
        boolean crosses = addBrokenPoints(plot, curves, false);
        addMarks(plot, marks, 1);
        JFreeChart chart = finish(new JFreeChart(title, titleFont(), plot, curves.size() > 1 || crosses), subtitle);
        if (curves.size() == 1 && !curves.get(0).name().isEmpty() && !crosses) chart.removeLegend();
        return chart;
    }

    /** Plain lines through a run's observations (a curve a step produced), one series per column, in x order. */
    public static JFreeChart lines(String title, String subtitle, String xLabel, String yLabel, List<Trace> series) {
        return lines(title, subtitle, xLabel, yLabel, series, null);
    }

    /**
     * As {@link #lines(String, String, String, String, List)}, with {@code failed} (when not null
     * and not empty) the rows whose operation failed, drawn as crosses apart from the lines.
     */
    public static JFreeChart lines(String title, String subtitle, String xLabel, String yLabel, List<Trace> series, Trace failed) {
        XYSeriesCollection data = new XYSeriesCollection();
        int most = 0;
        for (Trace t : series) {
            // sorted by x: rows come in the order the operations ended, and joining them in that order draws false lines
            XYSeries s = new XYSeries(t.name(), true, true);
            for (int i = 0; i < t.timeS().length; i++) {
                if (Double.isFinite(t.timeS()[i]) && Double.isFinite(t.value()[i])) s.add(t.timeS()[i], t.value()[i]);
            }
            most = Math.max(most, s.getItemCount());
            data.addSeries(s);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, most <= 60);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, color(i));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        XYPlot plot = new XYPlot(data, numberAxis(xLabel, true), numberAxis(yLabel, true), r);
        boolean crosses = false;
        if (failed != null && failed.timeS().length > 0) {
            XYSeries f = new XYSeries(failed.name(), true, true);
            for (int i = 0; i < failed.timeS().length; i++) f.add(failed.timeS()[i], failed.value()[i]);
            XYLineAndShapeRenderer fr = new XYLineAndShapeRenderer(false, true);
            fr.setSeriesPaint(0, LIMIT);
            fr.setSeriesShape(0, org.jfree.chart.util.ShapeUtils.createDiagonalCross(5f, 1.2f));
            plot.setDataset(1, new XYSeriesCollection(f));
            plot.setRenderer(1, fr);
            plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
            crosses = true;
        }
        return finish(new JFreeChart(title, titleFont(), plot, series.size() > 1 || crosses), subtitle);
    }

    /** The means on log-log axes with each fitted power law drawn and its exponent in the legend. */
    public static JFreeChart logLog(String title, String subtitle, String xLabel, String yLabel, List<Curve> curves,
                                    List<GrowthFit> fits) {
        XYSeriesCollection points = new XYSeriesCollection();
        XYSeriesCollection lines = new XYSeriesCollection();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            XYSeries s = new XYSeries(c.name().isEmpty() ? "mean" : c.name(), true, true);
            double minX = Double.POSITIVE_INFINITY, maxX = 0;
            for (int k = 0; k < c.x().length; k++) {
                // a point where a run broke is a cross (addBrokenPoints), not a dot the fit went through
                if (c.x()[k] > 0 && c.mean()[k] > 0 && !c.broke()[k]) {
                    s.add(c.x()[k], c.mean()[k]);
                    minX = Math.min(minX, c.x()[k]);
                    maxX = Math.max(maxX, c.x()[k]);
                }
            }
            points.addSeries(s);
            GrowthFit f = i < fits.size() ? fits.get(i) : null;
            String fitName = (c.name().isEmpty() ? "fit " : c.name() + " fit ") + (f == null ? "(no fit)" : f.describe());
            XYSeries line = new XYSeries(fitName, true, true);
            if (f != null && maxX > minX) {
                int steps = 24;
                for (int k = 0; k <= steps; k++) {
                    double x = minX * Math.pow(maxX / minX, k / (double) steps);
                    line.add(x, f.predict(x));
                }
            }
            lines.addSeries(line);
        }
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(logAxis(xLabel));
        plot.setRangeAxis(logAxis(yLabel));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        XYLineAndShapeRenderer fitted = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            dots.setSeriesPaint(i, color(i));
            dots.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            fitted.setSeriesPaint(i, color(i));
            fitted.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        plot.setDataset(0, points);
        plot.setRenderer(0, dots);
        plot.setDataset(1, lines);
        plot.setRenderer(1, fitted);
        addBrokenPoints(plot, curves, true);
        return finish(new JFreeChart(title, titleFont(), plot, true), subtitle);
    }

    /**
     * A resource's usage over simulated time against its limit, the breaking points marked.
     * Several traces share one chart as percent of their limits ({@code percent = true}).
     */
    public static JFreeChart usage(String title, String subtitle, String yLabel, List<Trace> traces, double limit,
                                   List<Mark> marks, boolean percent) {
        return usage(title, subtitle, yLabel, traces, limit, marks, percent, capsim.measure.Unit.COUNT);
    }

    /** As above, the limit's label in {@code unit} (the unit the values are shown in). */
    public static JFreeChart usage(String title, String subtitle, String yLabel, List<Trace> traces, double limit,
                                   List<Mark> marks, boolean percent, capsim.measure.Unit valueUnit) {
        double maxT = 0;
        for (Trace t : traces) for (double s : t.timeS()) maxT = Math.max(maxT, s);
        TimeUnit unit = TimeUnit.forSpan(maxT);
        XYSeriesCollection data = new XYSeriesCollection();
        for (Trace t : traces) {
            XYSeries s = new XYSeries(t.name(), false, true);
            int[] keep = StepThinning.thin(t.timeS(), t.value(), MAX_BUCKETS);
            double prev = Double.NaN;
            for (int i : keep) {
                double x = t.timeS()[i] / unit.seconds;
                // a step: hold the previous level up to this time, then jump (one SVG path, not a line per step)
                if (!Double.isNaN(prev)) s.add(x, prev);
                s.add(x, t.value()[i]);
                prev = t.value()[i];
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < traces.size(); i++) {
            r.setSeriesPaint(i, color(i));
            r.setSeriesStroke(i, stroke(i, traces.size()));
        }
        NumberAxis y = numberAxis(yLabel, true);
        NumberAxis x = numberAxis("simulated time (" + unit.label + ")", true);
        if (maxT <= 0) {
            // everything happened at time 0: show a short span rather than a degenerate axis
            x.setAutoRange(false);
            x.setRange(0, 1);
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        if (Double.isFinite(limit)) {
            ValueMarker m = new ValueMarker(limit, LIMIT, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {8f, 5f}, 0f));
            String u = valueUnit == capsim.measure.Unit.COUNT ? "" : " " + valueUnit.symbol();
            m.setLabel(percent ? "limit (100%)" : "limit " + ChartNumbers.count(limit) + u);
            m.setLabelFont(new Font(FONT, Font.PLAIN, 12));
            m.setLabelPaint(LIMIT);
            m.setLabelBackgroundColor(LABEL_BACKGROUND);
            // under the line at the left: usage starts low there, and breaking points are labelled above it
            m.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(4, 6, 4, 4));
            plot.addRangeMarker(m, Layer.FOREGROUND);
            double top = Math.max(limit * 1.12, data.getSeriesCount() == 0 ? 1 : plot.getRangeAxis().getUpperBound());
            y.setAutoRange(false);
            y.setRange(0, top);
        }
        addMarks(plot, marks, unit.seconds);
        if (percent) labelCoinciding(plot, data);
        JFreeChart chart = finish(new JFreeChart(title, titleFont(), plot, traces.size() > 1), subtitle);
        return chart;
    }

    /**
     * Series that end at the same level (within half a percent: resources all at 100% of tuned
     * limits) lie on each other; a label at their end names every one of them.
     */
    private static void labelCoinciding(XYPlot plot, XYSeriesCollection data) {
        java.util.Map<Long, List<String>> byEnd = new java.util.TreeMap<>();
        double endX = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            XYSeries s = data.getSeries(i);
            if (s.getItemCount() == 0) continue;
            endX = Math.max(endX, s.getMaxX());
            byEnd.computeIfAbsent(Math.round(s.getY(s.getItemCount() - 1).doubleValue() * 2), k -> new java.util.ArrayList<>())
                    .add(s.getKey().toString());
        }
        for (java.util.Map.Entry<Long, List<String>> e : byEnd.entrySet()) {
            if (e.getValue().size() < 2) continue;
            org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(
                    String.join(", ", e.getValue()) + " (together)", endX, e.getKey() / 2.0);
            a.setFont(new Font(FONT, Font.PLAIN, 11));
            a.setTextAnchor(TextAnchor.BOTTOM_RIGHT);
            a.setBackgroundPaint(LABEL_BACKGROUND);
            plot.addAnnotation(a);
        }
    }

    /**
     * The line of the {@code i}th of {@code n} series: solid when alone; with several, the later
     * ones thinner and dashed, so lines that lie on each other (resources all at 100% of tuned
     * limits) still show every colour.
     */
    static BasicStroke stroke(int i, int n) {
        if (n < 2 || i == 0) return new BasicStroke(n < 2 ? 2f : 3.5f);
        float[][] dashes = {{10f, 4f}, {4f, 4f}, {12f, 4f, 2f, 4f}, {2f, 3f}, {8f, 6f}};
        float width = Math.max(1.4f, 3.2f - 0.4f * i);
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dashes[(i - 1) % dashes.length], 0f);
    }

    /** Horizontal bars: where each wall bites on the way to a target, the target marked. */
    public static JFreeChart walls(String title, String subtitle, String valueLabel, List<String> walls, List<Long> bitesAt,
                                   double target) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < walls.size(); i++) data.addValue(bitesAt.get(i), "bites at", walls.get(i));
        CategoryAxis cat = new CategoryAxis(null);
        cat.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        cat.setMaximumCategoryLabelLines(3);
        cat.setMaximumCategoryLabelWidthRatio(0.4f);
        NumberAxis val = numberAxis(valueLabel, true);
        double top = target;
        for (long b : bitesAt) top = Math.max(top, b);
        val.setAutoRange(false);
        val.setRange(0, top * 1.1);
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, color(0));
        r.setMaximumBarWidth(0.12);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", ChartNumbers.groupedFormat(0)));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 12));
        CategoryPlot plot = new CategoryPlot(data, cat, val, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.addRangeMarker(dashedMarker(target, "target " + ChartNumbers.count(target), RectangleAnchor.BOTTOM_LEFT,
                TextAnchor.BOTTOM_RIGHT), Layer.FOREGROUND);
        style(plot);
        JFreeChart chart = finish(new JFreeChart(title, titleFont(), plot, false), subtitle);
        return chart;
    }

    /**
     * A tornado: one row per input, a bar from the base value to the value with the input moved
     * down and one to the value with it moved up, the base marked; rows in the order given
     * (largest effect first). A NaN end draws no bar.
     */
    public static JFreeChart tornado(String title, String subtitle, String valueLabel, List<String> inputs, double base,
                                     double[] low, double[] high, String lowName, String highName) {
        int n = inputs.size();
        Number[][] starts = new Number[2][n];
        Number[][] ends = new Number[2][n];
        double lo = base;
        double hi = base;
        for (int i = 0; i < n; i++) {
            double[] v = {low[i], high[i]};
            for (int s = 0; s < 2; s++) {
                double x = Double.isNaN(v[s]) ? base : v[s];
                starts[s][i] = Math.min(base, x);
                ends[s][i] = Math.max(base, x);
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        DefaultIntervalCategoryDataset data = new DefaultIntervalCategoryDataset(new Comparable<?>[] {lowName, highName},
                inputs.toArray(new Comparable<?>[0]), starts, ends);
        CategoryAxis cat = new CategoryAxis(null);
        cat.setTickLabelFont(new Font(FONT, Font.PLAIN, 11));
        cat.setMaximumCategoryLabelLines(2);
        cat.setMaximumCategoryLabelWidthRatio(0.45f);
        NumberAxis val = numberAxis(valueLabel, false);
        double pad = Math.max((hi - lo) * 0.08, Math.abs(base) * 0.02 + 1e-9);
        val.setAutoRange(false);
        val.setRange(lo - pad, hi + pad);
        IntervalBarRenderer r = new IntervalBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, color(0));
        r.setSeriesPaint(1, color(1));
        r.setItemMargin(0.0);
        r.setMaximumBarWidth(0.08);
        CategoryPlot plot = new CategoryPlot(data, cat, val, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.addRangeMarker(dashedMarker(base, "base " + ChartNumbers.count(base), RectangleAnchor.BOTTOM_RIGHT,
                TextAnchor.BOTTOM_LEFT), Layer.FOREGROUND);
        style(plot);
        return finish(new JFreeChart(title, titleFont(), plot, true), subtitle);
    }

    /** A dashed value line in the limit colour with its label: a target, a base value. */
    private static ValueMarker dashedMarker(double value, String label, RectangleAnchor anchor, TextAnchor text) {
        ValueMarker m = new ValueMarker(value, LIMIT, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 5f}, 0f));
        m.setLabel(label);
        m.setLabelFont(new Font(FONT, Font.PLAIN, 12));
        m.setLabelPaint(LIMIT);
        m.setLabelBackgroundColor(LABEL_BACKGROUND);
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(text);
        return m;
    }

    /** Bars with 95% intervals: one metric per variant when there is no sweep axis. */
    public static JFreeChart bars(String title, String subtitle, String categoryLabel, String yLabel, List<String> names,
                                  double[] means, double[] halfWidths) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (int i = 0; i < names.size(); i++) {
            data.add(means[i], Double.isNaN(halfWidths[i]) ? 0 : halfWidths[i], "mean ± 95% CI", names.get(i));
        }
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, color(0));
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setMaximumBarWidth(0.15);
        CategoryAxis cat = new CategoryAxis(categoryLabel);
        styleAxis(cat);
        cat.setMaximumCategoryLabelLines(2);
        CategoryPlot plot = new CategoryPlot(data, cat, numberAxis(yLabel, true), r);
        style(plot);
        return finish(new JFreeChart(title, titleFont(), plot, false), subtitle);
    }

    /**
     * Crosses in the limit colour at the points where a run broke, one legend entry for all;
     * {@code positiveOnly} for log axes. Returns whether there was any.
     */
    private static boolean addBrokenPoints(XYPlot plot, List<Curve> curves, boolean positiveOnly) {
        XYSeries s = new XYSeries(BROKE_SERIES, false, true);
        for (Curve c : curves) {
            for (int i = 0; i < c.x().length; i++) {
                if (!c.broke()[i] || Double.isNaN(c.mean()[i]) || positiveOnly && !(c.x()[i] > 0 && c.mean()[i] > 0)) continue;
                s.add(c.x()[i], c.mean()[i]);
            }
        }
        if (s.getItemCount() == 0) return false;
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, LIMIT);
        r.setSeriesShape(0, org.jfree.chart.util.ShapeUtils.createDiagonalCross(5f, 1.2f));
        int index = plot.getDatasetCount();
        plot.setDataset(index, new XYSeriesCollection(s));
        plot.setRenderer(index, r);
        // the crosses on top of the curves they mark
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        return true;
    }

    /** Vertical markers at {@code x / divide}, each label on the side of its line with room for it. */
    private static void addMarks(XYPlot plot, List<Mark> marks, double divide) {
        double span = 0;
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            if (plot.getDataset(d) == null) continue;
            Range r = DatasetUtils.findDomainBounds(plot.getDataset(d));
            if (r != null) span = Math.max(span, r.getUpperBound());
        }
        for (Mark mk : marks) {
            // the label goes on the side of the line with room for it
            boolean leftHalf = mk.x() / divide < span / 2;
            ValueMarker m = new ValueMarker(mk.x() / divide, LIMIT, new BasicStroke(1.5f));
            m.setLabel(mk.label());
            m.setLabelFont(new Font(FONT, Font.PLAIN, 12));
            m.setLabelPaint(LIMIT);
            m.setLabelBackgroundColor(LABEL_BACKGROUND);
            m.setLabelAnchor(leftHalf ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(leftHalf ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            m.setLabelOffset(new RectangleInsets(18, 4, 4, 4));
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
    }
}
