/**
 * Strict JSON input: position-tracking parsing, paths ({@code steps[1].count}), binding to
 * records with ranges, defaults and closest-key suggestions, sourced numbers, and a JSON Schema
 * generated from the same records.
 */
package capsim.config;
