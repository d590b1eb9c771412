package capsim.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * columns.csv of a results folder: one row per column of its other CSV files with the column's
 * unit and what it holds, so a wide table's header stays plain names a notebook can index while
 * its units are stated ("" = a count, a name or a flag; "(unit column)" = the row's unit column).
 */
public final class Columns {
    private final List<List<String>> rows = new ArrayList<>();

    public void add(String file, String column, String unit, String meaning) {
        rows.add(List.of(file, column, unit, meaning));
    }

    public void write(Path p) throws IOException {
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write(Csv.row(List.of("file", "column", "unit", "meaning")));
            for (List<String> r : rows) w.write(Csv.row(r));
        }
    }
}
