package capsim.model.net;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;
import capsim.model.common.KernelVersion;
import java.util.List;

/** IPv6 route accounting of the host kernel: net.ipv6.route.max_size and when it applies. */
@Doc("IPv6 routes per interface and the net.ipv6.route.max_size check")
public record Ipv6Spec(
        @Doc("net.ipv6.route.max_size: dst entries allowed before allocation fails") @Tunable(kind = KnobKind.SYSCTL, key = "net.ipv6.route.max_size") @Range(min = 0) long routeMaxSize,
        @Doc("kernel versions that no longer enforce max_size: the mainline release first, then stable backports") List<String> maxSizeCheckRemovedIn,
        @Doc("what each IPv6 interface counts against max_size, by kernel era, oldest first; the host's kernel selects the last era it has reached") List<Ipv6DstEra> dstAccounting,
        @Doc("IPv6 dst entries already in use before the workload adds interfaces") @Range(min = 0) long baseRoutes) {

    /**
     * The accounting era of a kernel: the last era (in file order, oldest first) whose start the
     * kernel has reached, counting stable backports; the first era when it has reached none.
     */
    public Ipv6DstEra eraFor(KernelVersion kernel) {
        if (dstAccounting.isEmpty()) throw new IllegalArgumentException("host.net.ipv6.dstAccounting is empty");
        Ipv6DstEra chosen = dstAccounting.get(0);
        for (Ipv6DstEra era : dstAccounting) {
            if (kernel.hasChange(era.fromKernel())) chosen = era;
        }
        return chosen;
    }
}
