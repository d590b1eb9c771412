package capsim.model.qemu;

/**
 * How QEMU's main loop waits for its fds. With select() every watched fd must be below
 * FD_SETSIZE (1024 in glibc); poll/ppoll/epoll have no such cap (kernel-facts §9).
 */
public enum EventLoop {
    SELECT, POLL
}
