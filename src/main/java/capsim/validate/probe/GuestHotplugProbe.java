package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.BootedGuest;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.Qmp;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * guest-hotplug: virtio-net NICs hot-plugged one at a time into a booted q35 guest with P free
 * pcie-root-ports (a tap each, over QMP netdev_add and device_add): the device_add time and the
 * time until the guest reports the NIC up, over the NICs present, until device_add is refused.
 * q35's root bus does not hot-plug, so the (P+1)th NIC has no place: that limit is the model's
 * hot-plug slots, checked exactly; the times are reported, not judged (the model's hot-plug time
 * is a KVM estimate).
 */
final class GuestHotplugProbe extends GuestProbe {
    private static final Info INFO = new Info("guest-hotplug",
            "virtio-net NICs hot-plugged into a booted q35 guest's pcie-root-ports: device_add time, time until the guest has it up, the slot limit",
            Needs.NETNS, 6, 24);

    public Info info() {
        return INFO;
    }

    void measure(ProbeContext ctx, capsim.validate.host.BootedGuests guests, ProbeResult r) throws Exception {
        int ports = ctx.n(this);
        String group = "x86_64-" + guests.accel().option() + "-" + ports + "ports";
        var predicted = ctx.guestModel().hotplugNics(ports, ports + 1);
        Series up = r.series(new Series(name(), group, "nicsUp", "NICs", "NICs plugged", Tolerance.EXACT, null));
        GuestLauncher.Boot b = guests.bootWithRootPorts(ports);
        if (!(b instanceof GuestLauncher.Booted ok)) {
            GuestLauncher.NotBooted no = (GuestLauncher.NotBooted) b;
            throw new IllegalStateException("the guest did not come up (" + no.phase() + ": " + no.reason() + ")");
        }
        int refusedAt = 0;
        String refusal = "";
        try (BootedGuest g = ok.guest()) {
            Qmp qmp = g.qmp();
            for (int i = 0; i <= ports; i++) {
                JsonObject nd = new JsonObject();
                nd.addProperty("type", "tap");
                nd.addProperty("id", "hn" + i);
                nd.addProperty("ifname", "ch" + g.pid() % 100000 + "n" + i);
                nd.addProperty("script", "no");
                nd.addProperty("downscript", "no");
                qmp.execute("netdev_add", nd);
                JsonObject dev = new JsonObject();
                dev.addProperty("driver", "virtio-net-pci");
                dev.addProperty("netdev", "hn" + i);
                dev.addProperty("id", "hp" + i);
                dev.addProperty("romfile", "");
                // a free root port while there is one; then where QEMU would put it: the root bus
                if (i < ports) dev.addProperty("bus", "rp" + i);
                long t0 = System.nanoTime();
                try {
                    qmp.execute("device_add", dev);
                } catch (Qmp.QmpError e) {
                    refusedAt = i + 1;
                    refusal = e.getMessage();
                    break;
                }
                double addMs = (System.nanoTime() - t0) / 1e6;
                var line = g.awaitLine(Pattern.compile("capsim: up nic eth" + i + "\\b"), Duration.ofSeconds(60));
                double upMs = (System.nanoTime() - t0) / 1e6;
                up.add(i + 1, g.count(Pattern.compile("capsim: up nic eth\\d+")), i + 1);
                r.note(String.format(Locale.ROOT, "NIC %d: device_add %.1f ms, up in the guest after %s", i + 1, addMs,
                        line == null ? "never (60 s)" : String.format(Locale.ROOT, "%.0f ms", upMs)));
                ctx.progress(name(), String.format(Locale.ROOT, "NIC %d: device_add %.1f ms (model %.1f ms), guest has it up after %.0f ms",
                        i + 1, addMs, predicted.deviceAddMs(), upMs));
            }
        }
        r.limit(new LimitCheck(name(), group, "first NIC refused", predicted.firstRefused(), refusedAt, refusedAt > 0, refusal));
        r.note("QEMU refused NIC " + refusedAt + ": " + refusal + "; the model: " + predicted.refusal());
    }
}
