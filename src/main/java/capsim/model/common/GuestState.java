package capsim.model.common;

/**
 * The state of one guest as the run sees it, and (in guests.csv) how one start of it ended: it
 * failed, it still runs, or it ran until a stop or destroy shut it off. A shut-off guest is
 * DEFINED again and can be started again.
 */
public enum GuestState {
    DEFINED, STARTING, RUNNING, FAILED, STOPPING, STOPPED, DESTROYED, UNDEFINED
}
