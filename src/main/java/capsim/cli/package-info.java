/** The picocli commands on top of everything: run, sweep, walls, tune, compare, schema, host detect, validate. */
package capsim.cli;
