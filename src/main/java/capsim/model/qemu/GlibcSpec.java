package capsim.model.qemu;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;

/** The C library QEMU runs on: malloc arenas, thread stacks, fd_set size. */
@Doc("glibc as QEMU uses it: malloc arenas, thread stacks, FD_SETSIZE")
public record GlibcSpec(
        @Doc("glibc version") String version,
        @Doc("arena limit per online CPU (NARENAS_FROM_NCORES: 8 on 64-bit, 2 on 32-bit)") @Range(min = 1) int arenasPerCpu,
        @Doc("address space one arena heap reserves (HEAP_MAX_SIZE), MiB") @Range(min = 0) double heapMaxMiB,
        @Doc("part of an arena heap made writable (charged under strict overcommit), MiB") @Range(min = 0) double arenaCommitMiB,
        @Doc("stack of each new thread (RLIMIT_STACK soft limit), MiB: writable, so charged under strict overcommit") @Range(min = 0) double threadStackMiB,
        @Doc("FD_SETSIZE: fds a select() fd_set can hold") @Range(min = 1) int fdSetSize,
        @Doc("MALLOC_ARENA_MAX in QEMU's environment (0 = unset: arenasPerCpu x online CPUs)") @Tunable(kind = KnobKind.ENV, key = "MALLOC_ARENA_MAX") @Range(min = 0) int mallocArenaMax) {

    /** Most arenas a process may have on a host with {@code onlineCpus} (the main arena included). */
    public int arenaLimit(int onlineCpus) {
        return mallocArenaMax > 0 ? mallocArenaMax : arenasPerCpu * onlineCpus;
    }
}
