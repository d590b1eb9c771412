package capsim.resource;

/** The error a real system returns when a limit is hit (Linux numbers, asm-generic/errno*.h). */
public enum Errno {
    EPERM(1), ENOENT(2), EAGAIN(11), ENOMEM(12), EBUSY(16), ENFILE(23), EMFILE(24), ENOSPC(28),
    EINVAL(22), ERANGE(34), EXFULL(54), EADDRINUSE(98), ETIMEDOUT(110), ENOBUFS(105);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
