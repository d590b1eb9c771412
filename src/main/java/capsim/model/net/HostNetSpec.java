package capsim.model.net;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;

/** The host's networking: uplink driver, device names, bridges, IPv6 routes, neighbour tables, migration link. */
@Doc("host networking: uplink NIC driver, interface names, bridges, IPv6 routes, neighbour tables, migration link")
public record HostNetSpec(
        @Doc("driver of the NIC guest MAC addresses are registered on") UplinkDriver uplinkDriver,
        @Doc("qeth address registration (used when uplinkDriver is qeth)") QethSpec qeth,
        @Doc("one address-filter update on a generic NIC, µs") @Range(min = 0) double genericFilterUpdateUs,
        @Doc("creating one tap/macvtap device (open, register_netdevice, sysfs, udev), ms") @Range(min = 0) double netdevCreateMs,
        @Doc("dev_alloc_name(\"vnet%d\") scans every device of the namespace: cost per device, ns") @Range(min = 0) double nameScanNsPerDevice,
        @Doc("names one pattern can hand out per namespace (bitmap of 8 x PAGE_SIZE bits; ENFILE beyond)") @Range(min = 1) long namesPerPattern,
        @Doc("BR_MAX_PORTS: port numbers of a bridge (1 << BR_PORT_BITS); port 0 is reserved") @Range(min = 2) int bridgeMaxPorts,
        @Doc("adding a bridge port walks the port list (find_portno, features, MTU): cost per existing port, ns") @Range(min = 0) double bridgePortWalkNs,
        @Doc("IPv6 routes and net.ipv6.route.max_size") Ipv6Spec ipv6,
        @Doc("net.ipv4.neigh.default.gc_thresh3 (and the IPv6 one): hard cap of neighbour entries per table") @Tunable(kind = KnobKind.SYSCTL, key = "net.ipv4.neigh.default.gc_thresh3") @Range(min = 1) long neighGcThresh3,
        @Doc("bandwidth of the link live migrations share, Gbit/s") @Range(min = 0.001) double migrationLinkGbps) {
}
