package capsim.stat;

import capsim.measure.Unit;
import java.util.Arrays;
import java.util.List;

/**
 * A table of numbers a run produces besides its metrics: one row per observation (time per added
 * device against the devices already present, dump time against host RAM). Rows are appended in
 * order and kept in primitive arrays; reports write each curve as a CSV file.
 */
public final class Curve {
    /** What a column holds: which row it is, what the rows are against, how long, when, or a value. */
    public enum Role {
        /** numbers the rows (the n-th device) */
        ID,
        /** the state each row is measured against (devices already present): a chart's x axis */
        AGAINST,
        /** how long something took */
        DURATION,
        /** when something happened (a start or end time) */
        INSTANT,
        /** any other number of the row */
        VALUE,
        /** 1 when the row's operation failed, else 0: a chart marks such a row instead of joining it to the others */
        FAILED
    }

    /** One column: its name (the CSV header), unit and role. */
    public record Column(String name, Unit unit, Role role) {
        public static Column id(String name) {
            return new Column(name, Unit.COUNT, Role.ID);
        }

        public static Column against(String name, Unit unit) {
            return new Column(name, unit, Role.AGAINST);
        }

        public static Column duration(String name, Unit unit) {
            if (!unit.isTime()) throw new IllegalArgumentException(name + ": " + unit + " is not a time");
            return new Column(name, unit, Role.DURATION);
        }

        public static Column instant(String name, Unit unit) {
            return new Column(name, unit, Role.INSTANT);
        }

        public static Column value(String name, Unit unit) {
            return new Column(name, unit, Role.VALUE);
        }

        public static Column failed(String name) {
            return new Column(name, Unit.FLAG, Role.FAILED);
        }
    }

    private final String name;
    private final List<Column> columnTypes;
    private final List<String> columns;
    private double[] values = new double[64];
    private int rows;

    /** @param name file-safe name ("hotplug" becomes curve-hotplug.csv) */
    public Curve(String name, Column... columns) {
        if (columns.length == 0) throw new IllegalArgumentException(name + ": a curve needs columns");
        this.name = name;
        this.columnTypes = List.of(columns);
        this.columns = columnTypes.stream().map(Column::name).toList();
    }

    /** The columns with their units and roles, in order. */
    public List<Column> columnTypes() {
        return columnTypes;
    }

    /** The x axis of a chart of this curve: the first column the rows are measured against, else the first. */
    public Column against() {
        for (Column c : columnTypes) if (c.role() == Role.AGAINST) return c;
        return columnTypes.get(0);
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
