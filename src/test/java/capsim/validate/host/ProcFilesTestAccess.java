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

    /** The run's booted guests with TCG assumed (this machine's KVM boots no guest: no 20 s test boot). */
    public static BootedGuests tcgGuests(Cleanup c, java.time.Duration bootTimeout) {
        return new BootedGuests(c, GuestImage.defaultCache(), java.time.Duration.ofSeconds(20), bootTimeout)
                .assumeAccel(GuestLauncher.Accel.TCG, "test: TCG");
    }
}
