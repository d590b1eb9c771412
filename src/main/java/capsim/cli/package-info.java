/** The picocli commands on top of everything: run, sweep, walls, tune, compare, schema. */
package capsim.cli;
