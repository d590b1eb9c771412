/** The step kinds of an experiment's workload, selected by their {@code "kind"}. */
package capsim.scenario.step;
