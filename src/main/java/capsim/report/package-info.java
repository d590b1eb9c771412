/** Results: JSON documents, CSV series, results folders that never overwrite, charts and reports. */
package capsim.report;
