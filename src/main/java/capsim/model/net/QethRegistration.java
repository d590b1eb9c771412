package capsim.model.net;

/** How the qeth layer-2 driver pushes the address list to the adapter on an rx_mode change. */
public enum QethRegistration {
    /** Before the fix: delete every registered address, then register all again (O(n) commands per change). */
    REWRITE_ALL,
    /** After the fix (rx_mode_addrs hash): commands only for added or removed addresses. */
    CHANGES_ONLY
}
