package capsim.validate.host;

/** Test helpers of this package for tests in other packages. */
public final class ProcFilesTestAccess {
    private ProcFilesTestAccess() {
    }

    /** Skips the calling test unless network namespaces may be created. */
    public static void requireNetns() {
        RealHost.requireNetns();
    }

    /** Skips the calling test unless a private libvirtd can run here. */
    public static void requireLibvirt() {
        RealHost.requireLibvirt();
    }
}
