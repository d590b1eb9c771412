package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.predict.ModelPredictor.GuestPrediction;
import java.util.Locale;

/**
 * guest-nics and guest-disks: a booted guest with N devices, N = 0..n: QEMU's fds while paused
 * with every device realized, and once the guest reports every device up (its driver has
 * started them: the virtqueue eventfds appear then), and its threads; each against the model's
 * two phases for the same guest. NICs with 1 and 4 queue pairs on taps; disks on null-co and on
 * raw files.
 */
final class GuestDevicesProbe extends GuestProbe {
    private static final Info NICS = new Info("guest-nics",
            "QEMU fds and threads of a booted guest over its virtio-net NICs (1 and 4 queue pairs): at realize and with the guest driver up",
            Needs.NETNS, 12, 24);
    private static final Info DISKS = new Info("guest-disks",
            "QEMU fds and threads of a booted guest over its virtio-blk disks (null-co and raw files): at realize and with the guest driver up",
            Needs.NETNS, 12, 24);

    private final boolean nics;

    GuestDevicesProbe(boolean nics) {
        this.nics = nics;
    }

    public Info info() {
        return nics ? NICS : DISKS;
    }

    void measure(ProbeContext ctx, capsim.validate.host.BootedGuests guests, ProbeResult r) throws Exception {
        String accel = guests.accel().option();
        int n = ctx.n(this);
        int[] points = ProbeContext.points(0, n, ctx.settings().points());
        String[] variants = nics ? new String[] {"qp1", "qp4"} : new String[] {"null-co", "file"};
        for (String v : variants) {
            int queuePairs = v.equals("qp4") ? 4 : 1;
            Backend backend = v.equals("file") ? Backend.FILE : Backend.NULL_CO;
            String group = "x86_64-" + accel + "-" + v;
            String x = nics ? "NICs" : "disks";
            Series realize = r.series(new Series(name(), group, "fdsAtRealize", "fds", x, Tolerance.EXACT, null));
            Series booted = r.series(new Series(name(), group, "fdsWithDriverUp", "fds", x, Tolerance.EXACT, null));
            Series threads = r.series(new Series(name(), group, "threadsWithDriverUp", "threads", x, Tolerance.EXACT, null));
            Series up = r.series(new Series(name(), group, "devicesUp", x, x, Tolerance.EXACT, null));
            for (int k : points) {
                int nicCount = nics ? k : 0;
                int diskCount = nics ? 0 : k;
                GuestPrediction p = ctx.guestModel().guest(nicCount, queuePairs, diskCount, backend == Backend.FILE, 0);
                GuestLauncher.Boot b = guests.boot(nicCount, queuePairs, diskCount, backend, 0);
                if (!(b instanceof GuestLauncher.Booted ok)) {
                    GuestLauncher.NotBooted no = (GuestLauncher.NotBooted) b;
                    throw new IllegalStateException(group + " with " + k + " " + x + ": the guest did not come up (" + no.phase() + ": " + no.reason() + ")");
                }
                try (BootedGuest g = ok.guest()) {
                    var s = g.sample();
                    realize.add(k, g.realize().fds(), p.fdsAtRealize());
                    booted.add(k, s.fds(), p.fdsBooted());
                    threads.add(k, s.threads(), p.threads());
                    up.add(k, nics ? g.nicsUp() : g.disksUp(), k);
                    ctx.progress(name(), String.format(Locale.ROOT, "%s %d %s: fds %d -> %d (model %d -> %d), threads %d (model %d), booted in %.1f s",
                            group, k, x, g.realize().fds(), s.fds(), p.fdsAtRealize(), p.fdsBooted(), s.threads(), p.threads(), g.bootMs() / 1000));
                }
            }
        }
    }
}
