/** The picocli commands on top of everything: run, schema, host detect, validate (later: sweep, walls, tune, compare). */
package capsim.cli;
