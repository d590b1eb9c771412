/**
 * Strict JSON input, below every layer that reads a file: position-tracking parsing, paths
 * ({@code steps[1].count}) and {@code PATH=VALUE} overrides ({@link capsim.config.Overrides}),
 * binding to records with ranges, defaults and closest-key suggestions, sourced numbers, a JSON
 * Schema generated from the same records, where each record type sits in a document
 * ({@link capsim.config.RecordPaths}: how knob paths are derived, never typed), and the one Gson
 * setup everything writes with ({@link capsim.config.JsonText}). Imports no capsim package.
 */
package capsim.config;
