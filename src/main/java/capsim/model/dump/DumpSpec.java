package capsim.model.dump;

import capsim.config.Doc;
import capsim.config.Range;

/** The dump tooling of a stack: what makedumpfile keeps and how many threads it runs. */
@Doc("crash dump tooling: makedumpfile filtering and threads")
public record DumpSpec(
        @Doc("fraction of host pages makedumpfile keeps at the configured dump level (free, cache, zero and user pages excluded)") @Range(min = 0, max = 1) double makedumpfileKeptFraction,
        @Doc("makedumpfile threads (--num-threads), bounded by the capture kernel's CPUs (nr_cpus)") @Range(min = 1, max = 4096) int makedumpfileThreads) {
}
