package capsim.model.net;

/**
 * What each interface of an add-interfaces step does.
 *
 * @param namePattern        kernel name pattern ("vnet%d"): the kernel scans every device to pick the number
 * @param bridges            bridges to attach to (0 = none)
 * @param placement          how interfaces are spread over the bridges
 * @param registerOnUplink   the interface's MAC is registered on the host's uplink NIC (macvtap, or a bridge whose uplink is not promiscuous)
 * @param ipv6               the interface has IPv6 (link-local address and routes)
 * @param neighbourEntries   neighbour-table entries the host creates for the guest behind the interface
 * @param sloS               an add that takes longer is recorded as a breaking point (0 = no SLO)
 */
public record InterfacePlan(String namePattern, int bridges, BridgePlacement placement, boolean registerOnUplink,
                            boolean ipv6, int neighbourEntries, double sloS) {
}
