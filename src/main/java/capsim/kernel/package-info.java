/**
 * The discrete-event kernel: a nanosecond clock, a primitive-array pending-event set, sequential
 * activities without threads, and named random streams. It knows nothing about KVM.
 */
package capsim.kernel;
