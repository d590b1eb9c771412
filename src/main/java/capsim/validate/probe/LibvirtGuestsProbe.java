package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.LibvirtdSandbox;
import java.util.Locale;
import java.util.SortedMap;

/**
 * libvirt-guests: a private libvirtd with N paused transient guests (TCG, one user-networking
 * virtio NIC each), started one after the other: the daemon's fds and threads over N against the
 * model: the fds at N = 0 measured, plus {@code daemonFdsPerGuest} per guest (the slope is the
 * fact under test, exactly); threads constant ({@code daemonThreads} does not grow with guests).
 */
final class LibvirtGuestsProbe implements Probe {
    private static final Info INFO = new Info("libvirt-guests",
            "a private libvirtd's fds and threads over the number of running (paused) guests", Needs.LIBVIRT, 16, 32);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        LibvirtProbes.refuseUnlessPossible(name());
        int n = ctx.n(this);
        ProbeResult r = new ProbeResult(name());
        Series fds = r.series(new Series(name(), "libvirtd", "fds", "fds (libvirtd)", "running guests", Tolerance.EXACT, null));
        Series threads = r.series(new Series(name(), "libvirtd", "threads", "threads (libvirtd)", "running guests", Tolerance.EXACT, null));
        try (LibvirtdSandbox sb = LibvirtdSandbox.start(ctx.cleanup(), 0)) {
            // the first start probes QEMU's capabilities (cached after): start and destroy one guest first,
            // so N = 0 is the daemon as it is between starts
            var warm = sb.createPaused(0, LibvirtProbes.NICS);
            if (!warm.ok()) throw new IllegalStateException("the first guest did not start: " + LibvirtProbes.shortError(warm.output()));
            sb.virsh("destroy", sb.domainName(0));
            int fds0 = LibvirtProbes.settledFds(sb);
            int threads0 = LibvirtProbes.settledThreads(sb);
            SortedMap<String, Integer> kinds0 = sb.fdKinds();
            fds.add(0, fds0, ctx.model().libvirtdFds(fds0, 0));
            threads.add(0, threads0, ctx.model().libvirtdThreads(threads0, 0));
            int reached = 0;
            int fdsN = fds0;
            int threadsN = threads0;
            for (int k = 1; k <= n; k++) {
                var st = sb.createPaused(k, LibvirtProbes.NICS);
                if (!st.ok()) {
                    r.note("guest " + k + " did not start: " + LibvirtProbes.shortError(st.output()));
                    break;
                }
                reached = k;
                fdsN = LibvirtProbes.settledFds(sb);
                threadsN = LibvirtProbes.settledThreads(sb);
                fds.add(k, fdsN, ctx.model().libvirtdFds(fds0, k));
                threads.add(k, threadsN, ctx.model().libvirtdThreads(threads0, k));
                ctx.progress(name(), String.format(Locale.ROOT, "N=%d: libvirtd %d fds, %d threads", k, fdsN, threadsN));
            }
            long perGuest = ctx.model().stack().libvirt().daemonFdsPerGuest();
            r.note(String.format(Locale.ROOT,
                    "libvirtd (libvirt 9.0, private, in its own mount and network namespaces) holds %d fds and %d threads with"
                            + " no guest (measured: the base of both predictions; the model's daemonBaseFds is %d, daemonThreads %d)",
                    fds0, threads0, ctx.model().stack().libvirt().daemonBaseFds(), ctx.model().stack().libvirt().daemonThreads()));
            if (reached > 0) {
                r.note(String.format(Locale.ROOT, "per guest: %.2f fds (model daemonFdsPerGuest %d), %.2f threads (model 0);"
                                + " the fds grew by %s from 0 to %d guests",
                        (double) (fdsN - fds0) / reached, perGuest, (double) (threadsN - threads0) / reached,
                        LibvirtProbes.growth(kinds0, sb.fdKinds()), reached));
                r.note("the guests are paused and have no guest agent channel: an agent socket libvirt would connect once a"
                        + " guest agent runs is not among the measured fds");
            }
        }
        LibvirtProbes.noteMachined(r);
        return r;
    }
}
