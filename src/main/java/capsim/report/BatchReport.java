package capsim.report;

import capsim.config.JsonText;
import capsim.analysis.BatchAnalysis;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Files of a finished sweep or comparison: runs.csv (one row per run), summary.csv (mean and
 * 95% interval per point and metric), fits.csv (growth exponents), differences.csv (paired
 * differences against the first variant), columns.csv (every column's unit and meaning),
 * summary.json, the charts, report.md and report.html.
 * Everything but the charts' pixels is a function of the plan and the runs only, so it does not
 * depend on the number of jobs or on a resume. Each kind of file has its class: {@link BatchTables},
 * {@link BatchSummaryJson}, {@link BatchCharts}, {@link BatchReportDoc}; {@link BatchMetrics} picks
 * the metrics they show.
 */
public final class BatchReport {
    private BatchReport() {
    }

    /** Writes every output file of a finished batch into {@code dir}; each file appears whole or not at all. */
    public static void writeAll(Path dir, BatchAnalysis a, JsonObject resolvedBase, String command, String commandLine)
            throws IOException {
        Path tmp = Files.createTempDirectory(dir, ".out-");
        List<String> axisTitles = a.plan().axes().stream().map(ax -> PathTitles.of(resolvedBase, ax.paths())).toList();
        try {
            BatchTables.write(tmp, a, axisTitles);
            RunWriter.writeString(tmp.resolve("summary.json"), JsonText.PRETTY.toJson(BatchSummaryJson.of(a, command)) + "\n");
            RunWriter.writeString(tmp.resolve("experiment.resolved.json"), JsonText.PRETTY.toJson(resolvedBase) + "\n");
            List<RunReport.Written> charts = BatchCharts.write(tmp, a, axisTitles);
            BatchReportDoc.write(tmp, a, resolvedBase, command, commandLine, charts);
            try (var files = Files.walk(tmp)) {
                // summary.json marks a finished folder: it moves last
                List<Path> order = new ArrayList<>(files.sorted().toList());
                order.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString().equals("summary.json")));
                for (Path p : order) {
                    if (p.equals(tmp)) continue;
                    Path target = dir.resolve(tmp.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.move(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
