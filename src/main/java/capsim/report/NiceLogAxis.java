package capsim.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis whose ticks are round numbers (1, 2, 5 × 10^k, or every decade when the
 * range is wide) labelled as plain grouped numbers, instead of LogAxis's evenly spaced exponents
 * (which label 125.893, 158.489...).
 */
final class NiceLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private final NumberFormat format;

    NiceLogAxis(String label, NumberFormat format) {
        super(label);
        this.format = format;
        setBase(10);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, org.jfree.chart.axis.AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        double lo = getLowerBound();
        double hi = getUpperBound();
        List<ValueTick> ticks = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo)) return ticks;
        double[][] patterns = {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1}};
        double[] chosen = patterns[0];
        int count = countTicks(lo, hi, chosen);
        if (count < 3) chosen = patterns[1];
        else if (count > (vertical ? 10 : 9)) chosen = patterns[2];
        TextAnchor anchor0 = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        if (countTicks(lo, hi, patterns[1]) < 2) {
            // less than a factor of two: round linear steps read better than powers of ten
            double raw = (hi - lo) / 4;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
            for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
                ticks.add(new NumberTick(TickType.MAJOR, v, format.format(v), anchor0, anchor0, 0.0));
            }
            return ticks;
        }
        int k0 = (int) Math.floor(Math.log10(lo));
        int k1 = (int) Math.ceil(Math.log10(hi));
        TextAnchor anchor = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        for (int k = k0; k <= k1; k++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, k);
                if (v < lo || v > hi) continue;
                boolean major = contains(chosen, m);
                ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, v, major ? format.format(v) : "", anchor, anchor, 0.0));
            }
        }
        return ticks;
    }

    private static boolean contains(double[] a, int m) {
        for (double d : a) if (d == m) return true;
        return false;
    }

    private static int countTicks(double lo, double hi, double[] pattern) {
        int n = 0;
        for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (double m : pattern) {
                double v = m * Math.pow(10, k);
                if (v >= lo && v <= hi) n++;
            }
        }
        return n;
    }
}
