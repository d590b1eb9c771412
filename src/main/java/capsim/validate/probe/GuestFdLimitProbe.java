package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.predict.ModelPredictor.GuestPrediction;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * guest-fd-limit: a booted guest with N single-queue NICs under {@code prlimit --nofile=L}, L
 * between the fds the realized devices need and what their virtqueue eventfds would add: QEMU
 * starts, and when the guest driver starts the NICs the eventfds run out. What QEMU does then
 * (it reports the error and runs the device without ioeventfd: "Fallback to userspace") is
 * counted, with the fds it ends up holding, against the model's two-phase prediction.
 */
final class GuestFdLimitProbe extends GuestProbe {
    private static final Info INFO = new Info("guest-fd-limit",
            "NICs whose driver start runs out of fds under RLIMIT_NOFILE = L in a booted guest, and what QEMU does then",
            Needs.NETNS, 10, 24);
    private static final Pattern FALLBACK = Pattern.compile("virtio_bus_start_ioeventfd: failed\\. Fallback to userspace");

    public Info info() {
        return INFO;
    }

    void measure(ProbeContext ctx, capsim.validate.host.BootedGuests guests, ProbeResult r) throws Exception {
        int n = Math.max(2, ctx.n(this));
        String group = "x86_64-" + guests.accel().option() + "-" + n + "nics";
        GuestPrediction free = ctx.guestModel().guest(n, 1, 0, false, 0);
        long lo = free.fdsAtRealize() + 2;   // room for the realized devices and what QEMU opens while it starts
        long hi = free.fdsBooted() - 1;      // one fd short of every NIC's eventfds
        Series held = r.series(new Series(name(), group, "fdsHeld", "fds", "RLIMIT_NOFILE", Tolerance.EXACT, null));
        Series fallbacks = r.series(new Series(name(), group, "nicsWithoutIoeventfd", "NICs", "RLIMIT_NOFILE", Tolerance.EXACT, null));
        Series up = r.series(new Series(name(), group, "nicsUp", "NICs", "RLIMIT_NOFILE", Tolerance.EXACT, null));
        for (int i : ProbeContext.points(0, 2, Math.min(3, ctx.settings().points()))) {
            long limit = lo + (hi - lo) * i / 2;
            GuestPrediction p = ctx.guestModel().guest(n, 1, 0, false, limit);
            GuestLauncher.Boot b = guests.boot(n, 1, 0, Backend.NULL_CO, limit);
            if (!(b instanceof GuestLauncher.Booted ok)) {
                GuestLauncher.NotBooted no = (GuestLauncher.NotBooted) b;
                held.add(limit, -1, p.fdsBooted());
                r.note(String.format(Locale.ROOT, "L=%d: the guest did not come up (%s: %s)", limit, no.phase(), no.reason()));
                continue;
            }
            try (BootedGuest g = ok.guest()) {
                long without = g.stderr().lines().filter(l -> FALLBACK.matcher(l).find()).count();
                held.add(limit, g.sample().fds(), p.fdsBooted());
                fallbacks.add(limit, without, p.ioeventfdFallbacks());
                up.add(limit, g.nicsUp(), n);
                String first = g.stderr().lines().findFirst().orElse("");
                r.note(String.format(Locale.ROOT, "L=%d: %d of %d NICs up, %d without ioeventfd (model %d); QEMU: %s",
                        limit, g.nicsUp(), n, without, p.ioeventfdFallbacks(), first));
                ctx.progress(name(), String.format(Locale.ROOT, "L=%d: holds %d fds (model %d), %d NICs without ioeventfd (model %d), %d up",
                        limit, g.sample().fds(), p.fdsBooted(), without, p.ioeventfdFallbacks(), g.nicsUp()));
            }
        }
    }
}
