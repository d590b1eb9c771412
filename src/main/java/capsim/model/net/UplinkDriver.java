package capsim.model.net;

/** Driver of the host NIC that guest MAC addresses are registered on (macvtap lower device or bridge uplink). */
public enum UplinkDriver {
    /** s390 qeth (OSA-Express) in layer 2: one adapter command (IPA SETVMAC/DELVMAC...) per address. */
    QETH,
    /** A NIC with a local address filter: one filter update per change. */
    GENERIC
}
