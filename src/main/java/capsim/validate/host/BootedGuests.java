package capsim.validate.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the guest probes of one run share, made on first use: the guest image (built or taken
 * from the cache), the accelerator (KVM when a test boot of the guest under it reaches user
 * space in time, TCG otherwise, with the reason), a network namespace for the guests' taps,
 * and the launcher. Everything is removed with the run's {@link Cleanup}.
 */
public final class BootedGuests {
    /** A test boot under KVM gets this long to report its devices up; the guest needs seconds where KVM works. */
    static final Duration KVM_TEST_BOOT = Duration.ofSeconds(20);

    private final Cleanup cleanup;
    private final Path cache;
    private final Duration qmpTimeout;
    private final Duration bootTimeout;
    private GuestLauncher launcher;
    private NetNamespace netns;
    private GuestLauncher.Accel accel;
    private String accelReason;

    public BootedGuests(Cleanup cleanup, Path cache, Duration qmpTimeout, Duration bootTimeout) {
        this.cleanup = cleanup;
        this.cache = cache;
        this.qmpTimeout = qmpTimeout;
        this.bootTimeout = bootTimeout;
    }

    /** Fixes the accelerator without a test boot (tests that know the host). */
    synchronized BootedGuests assumeAccel(GuestLauncher.Accel a, String reason) {
        this.accel = a;
        this.accelReason = reason;
        return this;
    }

    /** The launcher, the guest image built first if need be; refuses when the packages or QEMU are missing. */
    public synchronized GuestLauncher launcher() throws IOException {
        if (launcher == null) {
            if (Program.QEMU_X86_64.find().isEmpty()) throw new RefusedException("the booted guest needs " + Program.QEMU_X86_64.missing());
            launcher = new GuestLauncher(cleanup, GuestImage.ensure(cache, cleanup), qmpTimeout, bootTimeout);
        }
        return launcher;
    }

    /** The namespace the guests' taps live in. */
    public synchronized String netns() throws IOException {
        if (netns == null) netns = NetNamespace.create(cleanup);
        return netns.name();
    }

    /** KVM or TCG for the guests, decided once by a test boot. */
    public synchronized GuestLauncher.Accel accel() throws IOException {
        if (accel == null) decideAccel();
        return accel;
    }

    /** Why {@link #accel()} is what it is, for the report. */
    public synchronized String accelReason() throws IOException {
        if (accel == null) decideAccel();
        return accelReason;
    }

    private void decideAccel() throws IOException {
        if (!Files.exists(Path.of("/dev/kvm"))) {
            accel = GuestLauncher.Accel.TCG;
            accelReason = "TCG: there is no /dev/kvm";
            return;
        }
        GuestLauncher kvmTest = new GuestLauncher(cleanup, launcher().image(), qmpTimeout, KVM_TEST_BOOT);
        GuestLauncher.Boot b = kvmTest.boot(GuestLauncher.Spec.nics(0, 1, null).withAccel(GuestLauncher.Accel.KVM));
        if (b instanceof GuestLauncher.Booted ok) {
            ok.guest().close();
            accel = GuestLauncher.Accel.KVM;
            accelReason = "KVM: a test boot under KVM reached user space in " + Math.round(ok.guest().bootMs()) + " ms";
        } else {
            GuestLauncher.NotBooted no = (GuestLauncher.NotBooted) b;
            accel = GuestLauncher.Accel.TCG;
            accelReason = "TCG: a test boot under KVM did not reach user space within " + KVM_TEST_BOOT.toSeconds() + " s ("
                    + no.phase() + ": " + no.reason() + ")";
        }
    }

    /** What the guest probes say about their guest: the packages it was built from, and the accelerator with why. */
    public String describe() throws IOException {
        return "guest: " + launcher().image().label() + "; " + accelReason();
    }

    /** Boots a guest with no device but {@code rootPorts} free pcie-root-ports to hot-plug into. */
    public GuestLauncher.Boot bootWithRootPorts(int rootPorts) throws IOException {
        return launcher().boot(new GuestLauncher.Spec(0, 1, 0, QemuLauncher.Backend.NULL_CO, 0, rootPorts, accel(), netns()));
    }

    /**
     * Boots a guest with no device whose vCPU is busy once booted (a count line every
     * {@code iterations} iterations of its shell loop), waiting up to {@code bootTimeout}.
     */
    public GuestLauncher.Boot bootBusy(int iterations, Duration bootTimeout) throws IOException {
        return launcher().boot(new GuestLauncher.Spec(0, 1, 0, QemuLauncher.Backend.NULL_CO, 0, 0, accel(), null).withBusyLoop(iterations),
                bootTimeout);
    }

    /** Boots a guest with no device, waiting up to {@code bootTimeout} (guests booting at once). */
    public GuestLauncher.Boot bootPlain(Duration bootTimeout) throws IOException {
        return launcher().boot(new GuestLauncher.Spec(0, 1, 0, QemuLauncher.Backend.NULL_CO, 0, 0, accel(), null), bootTimeout);
    }

    /** Boots a guest with the run's accelerator and namespace. */
    public GuestLauncher.Boot boot(int nics, int queuePairs, int disks, QemuLauncher.Backend backend, long nofile) throws IOException {
        return launcher().boot(new GuestLauncher.Spec(nics, queuePairs, disks, backend, nofile, 0, accel(), nics > 0 ? netns() : null));
    }
}
