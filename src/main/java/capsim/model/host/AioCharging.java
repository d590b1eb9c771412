package capsim.model.host;

/**
 * How the kernel charges an io_setup(nr_events) against fs.aio-max-nr (fs/aio.c ioctx_alloc;
 * kernel-facts §6): current kernels charge what was requested; kernels from about 3.13 to 4.11
 * charged the ring size raised to 4 events per possible CPU.
 */
public enum AioCharging {
    /** charge = nr_events (kernel ≥ ~4.12) */
    REQUESTED,
    /** charge = max(nr_events, 4 × possible CPUs) (kernels ~3.13 to ~4.11) */
    PER_CPU_MINIMUM;

    /** Events one io_setup(nrEvents) takes from fs.aio-max-nr on a host with {@code possibleCpus}. */
    public long charge(long nrEvents, int possibleCpus) {
        return this == REQUESTED ? nrEvents : Math.max(nrEvents, 4L * possibleCpus);
    }
}
