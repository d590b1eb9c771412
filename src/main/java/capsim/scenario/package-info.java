/**
 * One experiment: the experiment file and its strict loader (overrides, host=FILE and stack=FILE
 * switches, {@link capsim.scenario.ModelFiles}, the one resolver of the files inputs name), the
 * steps of a workload and the runner that plays them on the kernel against the host model.
 */
package capsim.scenario;
