/** The picocli commands on top of everything: run, schema (later: sweep, walls, tune, compare, validate). */
package capsim.cli;
