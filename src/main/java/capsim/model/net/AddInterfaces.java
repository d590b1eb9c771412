package capsim.model.net;

import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** Create host network interfaces (the host side of guest NICs: tap or macvtap), one after the other under RTNL. */
@Kind("add-interfaces")
@Doc("create host network interfaces (the host side of guest NICs), optionally on bridges")
public record AddInterfaces(
        @Doc("interfaces to create") @Range(min = 1, max = AddInterfaces.MAX_COUNT, why = AddInterfaces.WHY_MAX) int count,
        @Doc("kernel name pattern; the kernel scans every device to find a free number") @Default("\"vnet%d\"") String namePattern,
        @Doc("bridges to attach the interfaces to (0 = none)") @Default("0") @Range(min = 0, max = 100_000) int bridges,
        @Doc("how interfaces are placed on the bridges") @Default("\"spread\"") BridgePlacement placement,
        @Doc("register each interface's MAC address on the host's uplink NIC (macvtap, or a bridge whose uplink is not promiscuous)") @Default("true") boolean registerOnUplink,
        @Doc("interfaces have IPv6 (link-local address and its routes)") @Default("true") boolean ipv6,
        @Doc("routes each interface learns from router advertisements (RTF_ADDRCONF: a default route and an on-link route per advertised prefix, so 2 on a routed LAN with one prefix); not counted for interfaces on a bridge, whose frames go to the bridge") @Default("0") @Range(min = 0, max = 64) int raRoutes,
        @Doc("neighbour entries the host creates per interface (the host talks to the guest over IPv4 and IPv6: 2)") @Default("0") @Range(min = 0, max = 64) int neighbourEntries,
        @Doc("an add slower than this is a breaking point, s (0 = no SLO)") @Default("0") @Range(min = 0) double addSloS,
        @Doc("adds requested at once (the RTNL lock still serializes them)") @Default("1") @Range(min = 1, max = 100_000) int concurrency) implements Step {

    /**
     * A quota, not a kernel limit: every interface is a row of the per-device curve (CSV and chart),
     * so 10^6 already takes about 20 s and 1.5 GB to write and 10^7 minutes and more memory than a
     * JVM has by default. A planner's host holds a few thousand guests with a few NICs each, and
     * the name bitmap of one pattern ends at 32,768 interfaces.
     */
    public static final int MAX_COUNT = 250_000;
    static final String WHY_MAX = "a quota: each interface is a row of the per-device curve and its chart, so more takes minutes"
            + " and gigabytes; one name pattern ends at 32,768 interfaces anyway";

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        HostNetwork net = ctx.component(HostNetwork.class);
        new ConcurrentBatch(count, concurrency, (i, done) -> net.addInterface(this, done, i), next).start();
    }
}
