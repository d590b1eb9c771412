package capsim.model.net;

import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;
import java.util.List;

/**
 * One era of IPv6 dst accounting: from which kernel on, how many entries that count against
 * net.ipv6.route.max_size (dst_alloc without DST_NOCOUNT) each IPv6 interface coming up leaves
 * behind, and which objects those are.
 */
@Doc("IPv6 dst accounting from one kernel version on: what an interface coming up counts against max_size")
public record Ipv6DstEra(
        @Doc("the kernel version this era starts with: the mainline release first, then stable backports") List<String> fromKernel,
        @Doc("dst entries that count against max_size (allocated without DST_NOCOUNT) each IPv6 interface holds once it is up") @Range(min = 0, max = 1000) int dstPerInterface,
        @Doc("which objects each interface creates and which of them count, as the source of this era says") String counts,
        @Doc("routes learned from router advertisements (RTF_ADDRCONF) are counted dst entries in this era") @Default("false") boolean countsRaRoutes) {
}
