package capsim.model.common;

/** The state of one guest as the run sees it. */
public enum GuestState {
    DEFINED, STARTING, RUNNING, FAILED
}
