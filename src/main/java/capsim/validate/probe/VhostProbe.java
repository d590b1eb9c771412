package capsim.validate.probe;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * vhost: fds per vhost-net NIC and queue pair (the 8N / 10N / 11N+1 facts of models/facts/qemu.json)
 * need /dev/vhost-net and a guest that boots under KVM; where either is missing the probe says so
 * and is skipped, not failed.
 */
final class VhostProbe implements Probe {
    private static final Info INFO = new Info("vhost",
            "fds per vhost-net NIC and queue pair in a guest booted under KVM (needs /dev/vhost-net)", Needs.NETNS, 4, 16);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        if (!Files.exists(Path.of("/dev/vhost-net"))) {
            return ProbeResult.skipped(name(), "this host has no /dev/vhost-net (QEMU 7.2 aborts on vhost=on without it): "
                    + "the 8N / 10N / 11N+1 fds per vhost-net queue pair are not measured here");
        }
        var guests = ctx.guests();
        if (guests.accel() != capsim.validate.host.GuestLauncher.Accel.KVM) {
            return ProbeResult.skipped(name(), "vhost-net needs a guest booted under KVM; " + guests.accelReason());
        }
        return ProbeResult.skipped(name(), "a KVM-booted guest with vhost-net is possible here, but the vhost probe is not built yet: "
                + "it needs a stack model for this QEMU under KVM to predict against");
    }
}
