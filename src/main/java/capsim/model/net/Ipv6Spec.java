package capsim.model.net;

import capsim.scenario.json.Doc;
import capsim.scenario.json.Range;
import java.util.List;

/** IPv6 route accounting of the host kernel: net.ipv6.route.max_size and when it applies. */
@Doc("IPv6 routes per interface and the net.ipv6.route.max_size check")
public record Ipv6Spec(
        @Doc("net.ipv6.route.max_size: dst entries allowed before allocation fails") @Range(min = 0) long routeMaxSize,
        @Doc("kernel versions that no longer enforce max_size: the mainline release first, then stable backports") List<String> maxSizeCheckRemovedIn,
        @Doc("kernel version from which interface routes are no longer dst entries counted against max_size (fib6_info split); empty = always counted") String routesSeparateFromDstSince,
        @Doc("IPv6 routes the kernel adds per IPv6-enabled interface (link-local prefix, local address, multicast)") @Range(min = 0, max = 1000) int routesPerInterface,
        @Doc("IPv6 dst entries already in use before the workload adds interfaces") @Range(min = 0) long baseRoutes) {
}
