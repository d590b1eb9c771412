/**
 * What the parts of the stack share, a leaf below every other model package: the guest's shape
 * ({@code GuestTemplate}) and states, timing draws, the host's architecture and kernel versions,
 * and the two contracts of the model: {@code HostComponent} (one part of a host at run time) and
 * {@code Step} with its {@code StepContext} and {@code StepCheck} (one step kind of a workload).
 * Imports only the layers below the model (config, measure, kernel, stat, resource).
 */
package capsim.model.common;
