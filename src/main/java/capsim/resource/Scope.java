package capsim.resource;

/** Where a limit applies: the whole kernel, one user id, one daemon, one process, one VM, one bridge. */
public enum Scope {
    SYSTEM, USER, SERVICE, PROCESS, VM, BRIDGE, NETNS, CONNECTION, DEVICE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
