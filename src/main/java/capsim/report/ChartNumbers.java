package capsim.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;

/** The number formats of chart ticks and labels: grouped thousands, "." as decimal point. */
final class ChartNumbers {
    private ChartNumbers() {
    }

    /** "#,##0.###": grouped thousands, up to {@code decimals} decimals, "." as decimal point. */
    static NumberFormat groupedFormat(int decimals) {
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f;
    }

    /** A count as a label: no decimals when it is whole, else two. */
    static String count(double v) {
        return groupedFormat(v == Math.rint(v) ? 0 : 2).format(v);
    }
}
