package capsim.model.net;

import capsim.config.Doc;
import capsim.config.Range;

/** Host kernel bugs and fixes a stack carries (driver and memory-management behaviour). */
@Doc("host kernel bugs and fixes of the stack: qeth address registration, s390 large-RAM bug")
public record HostKernelSpec(
        @Doc("how the qeth driver registers addresses on each change") QethRegistration qethRegistration,
        @Doc("s390 mm bug (a return value held in an int where a wider type was needed): host RAM above the ceiling is unusable") boolean s390LargeRamBug,
        @Doc("host RAM usable while the bug is present, GiB") @Range(min = 1) double s390LargeRamCeilingGiB) {
}
