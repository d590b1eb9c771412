package capsim.model.machined;

/** How machined's D-Bus message loop treats messages it has already read from its socket. */
public enum MessageLoop {
    /**
     * systemd >= 219: every message read into the buffer is dispatched before the loop sleeps.
     */
    FIXED,
    /**
     * systemd < 219 (the seed talk, F14): after dispatching what it had read, the loop reads the
     * socket once more and then sleeps in poll(); messages taken in by that last read stay in the
     * buffer until another message arrives on the socket.
     */
    PRE_V219
}
