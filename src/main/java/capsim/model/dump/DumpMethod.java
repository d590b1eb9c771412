package capsim.model.dump;

/** How a host's memory is dumped after a crash. */
public enum DumpMethod {
    /** s390 stand-alone dump tools booted from a dump device: every page, one CPU, one stream. */
    STANDALONE,
    /** kdump capture kernel with makedumpfile: page filtering, optionally several threads. */
    KDUMP
}
