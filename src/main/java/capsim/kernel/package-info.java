/**
 * The discrete-event kernel: a nanosecond clock, a primitive-array pending-event set, sequential
 * activities without threads, batches of operations with a bound on those in flight
 * ({@code ConcurrentBatch}), and named random streams. It knows nothing about KVM.
 *
 * <p>The pending-event set is an {@link capsim.kernel.EventList}: events in time order, FIFO on
 * equal times, cancel and reschedule by a handle that goes stale once its event has fired.
 * {@link capsim.kernel.EventQueue}, a ladder queue, is the default that {@link
 * capsim.kernel.Simulation} uses; {@link capsim.kernel.BinaryHeapEventList}, a plain binary heap
 * with the same semantics and handles, is the reference it is tested and benchmarked against.
 */
package capsim.kernel;
