package capsim.validate.host;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the integration tests need from the machine. Without QEMU they skip, unless
 * CAPSIM_REQUIRE_QEMU=1 (set by .ci/run, which installs it): then a missing QEMU fails them.
 */
final class RealHost {
    private RealHost() {
    }

    static QemuTarget qemu() {
        for (QemuTarget t : QemuTarget.values()) if (t.installed()) return t;
        String why = "no QEMU: " + Program.QEMU_S390X.missing();
        if ("1".equals(System.getenv("CAPSIM_REQUIRE_QEMU"))) fail(why);
        assumeTrue(false, why);
        return null;
    }

    static void requireTarget(QemuTarget t) {
        if (t.installed()) return;
        if ("1".equals(System.getenv("CAPSIM_REQUIRE_QEMU"))) fail(t.program().missing());
        assumeTrue(false, t.program().missing());
    }

    /** Skips unless this process may create network namespaces. */
    static void requireNetns() {
        try (Cleanup c = new Cleanup()) {
            String why = NetNamespace.whyNot(c);
            assumeTrue(why == null, "network namespaces not permitted here: " + why);
        }
    }

    /**
     * Skips unless a private libvirtd can run here (libvirtd, virsh, the QEMU driver, root);
     * with CAPSIM_REQUIRE_LIBVIRT=1 (.ci/run installs libvirt) a missing one fails instead.
     */
    static void requireLibvirt() {
        String why = LibvirtdSandbox.whyNot();
        if (why == null) return;
        if ("1".equals(System.getenv("CAPSIM_REQUIRE_LIBVIRT"))) fail(why);
        assumeTrue(false, why);
    }

    /**
     * The guest image, built (or taken from the cache) as validate does; skips when x86 QEMU,
     * network namespaces or the Debian packages cannot be had, unless CAPSIM_REQUIRE_GUEST=1
     * (.ci/run): then that fails the test.
     */
    static GuestImage.Built guestImage(Cleanup c) throws java.io.IOException {
        String why = Program.QEMU_X86_64.find().isEmpty() ? Program.QEMU_X86_64.missing() : NetNamespace.whyNot(c);
        GuestImage.Built built = null;
        if (why == null) {
            try {
                built = GuestImage.ensure(GuestImage.defaultCache(), c);
            } catch (RefusedException e) {
                why = e.getMessage();
            }
        }
        if (why != null) {
            if ("1".equals(System.getenv("CAPSIM_REQUIRE_GUEST"))) fail(why);
            assumeTrue(false, why);
        }
        return built;
    }
}
