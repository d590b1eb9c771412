package capsim.model.common;

/** Host and guest architecture: decides per-arch kernel constants (irq routes, memslots). */
public enum Arch {
    S390X, X86_64
}
