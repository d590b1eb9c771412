package capsim.model.net;

/** How new interfaces are spread over the bridges of a step. */
public enum BridgePlacement {
    /** Round robin over the bridges. */
    SPREAD,
    /** Fill the first bridge, then the next. */
    FILL
}
