/**
 * The KVM host stack at the top of the model: {@link capsim.model.HostSystem} holds the host's
 * parts as a list of {@link capsim.model.common.HostComponent}s and walks it for pools, curves
 * and metrics; {@link capsim.model.GuestStart} is the staged start of one guest and sees only a
 * {@link capsim.model.StartContext}; {@link capsim.model.StackSpec} is a stack model file; the
 * guest steps ({@code define}, {@code start}, {@code wait}) live here beside the system that
 * serves them. May import every {@code capsim.model.*} subpackage and the layers below
 * (config, measure, kernel, stat, resource); nothing in a subpackage imports this package.
 */
package capsim.model;
