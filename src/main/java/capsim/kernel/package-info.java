/**
 * The discrete-event kernel: a nanosecond clock, a primitive-array pending-event set, sequential
 * activities without threads, batches of operations with a bound on those in flight
 * ({@code ConcurrentBatch}), and named random streams. It knows nothing about KVM.
 */
package capsim.kernel;
