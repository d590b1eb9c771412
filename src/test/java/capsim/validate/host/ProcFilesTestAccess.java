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

    /** Skips the calling test unless a guest can be built and booted here (CAPSIM_REQUIRE_GUEST=1: fails instead). */
    public static void requireGuest() throws java.io.IOException {
        try (Cleanup c = new Cleanup()) {
            RealHost.guestImage(c);
        }
    }
}
