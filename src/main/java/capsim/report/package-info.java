/**
 * Results: JSON documents (units from the metric and limit types), CSV series, results folders
 * that never overwrite, charts (JFreeChart, PNG + SVG), report.md / report.html for runs, batches
 * (BatchMetrics, BatchTables, BatchCharts, BatchSummaryJson, BatchReportDoc) and wall searches.
 */
package capsim.report;
