/**
 * Experiments: the experiment file and its strict loader, overrides, the steps of a workload and
 * the runner that plays them on the kernel against the host model.
 */
package capsim.scenario;
