package capsim.model.net;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;
import java.util.List;

/** IPv6 route accounting of the host kernel: net.ipv6.route.max_size and when it applies. */
@Doc("IPv6 routes per interface and the net.ipv6.route.max_size check")
public record Ipv6Spec(
        @Doc("net.ipv6.route.max_size: dst entries allowed before allocation fails") @Tunable(kind = KnobKind.SYSCTL, key = "net.ipv6.route.max_size") @Range(min = 0) long routeMaxSize,
        @Doc("kernel versions that no longer enforce max_size: the mainline release first, then stable backports") List<String> maxSizeCheckRemovedIn,
        @Doc("IPv6 dst entries each IPv6-enabled interface holds (its link-local prefix, local and multicast routes, or their per-CPU copies)") @Range(min = 0, max = 1000) int routesPerInterface,
        @Doc("IPv6 dst entries already in use before the workload adds interfaces") @Range(min = 0) long baseRoutes) {
}
