package capsim.stat;

import java.util.Arrays;
import java.util.List;

/**
 * A table of numbers a run produces besides its metrics: one row per observation (time per added
 * device against the devices already present, dump time against host RAM). Rows are appended in
 * order and kept in primitive arrays; reports write each curve as a CSV file.
 */
public final class Curve {
    private final String name;
    private final List<String> columns;
    private double[] values = new double[64];
    private int rows;

    /** @param name file-safe name ("hotplug" becomes curve-hotplug.csv) */
    public Curve(String name, String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException(name + ": a curve needs columns");
        this.name = name;
        this.columns = List.of(columns);
    }

    public void add(double... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException(name + ": row of " + row.length + " values for " + columns.size() + " columns");
        }
        int need = (rows + 1) * row.length;
        if (need > values.length) values = Arrays.copyOf(values, Math.max(need, values.length * 2));
        System.arraycopy(row, 0, values, rows * row.length, row.length);
        rows++;
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public double get(int row, int column) {
        return values[row * columns.size() + column];
    }

    /** One column as an array. */
    public double[] column(String column) {
        int c = columns.indexOf(column);
        if (c < 0) throw new IllegalArgumentException(name + ": no column " + column + " in " + columns);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) out[r] = get(r, c);
        return out;
    }
}
