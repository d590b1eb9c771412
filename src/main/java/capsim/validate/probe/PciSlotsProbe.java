package capsim.validate.probe;

import capsim.validate.host.Program;
import capsim.validate.host.QemuLauncher.Backend;
import capsim.validate.host.QemuLauncher.Placement;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import java.util.List;

/**
 * pci-slots: on x86 q35, the number of virtio-blk-pci devices (one per slot, QEMU picks the slot)
 * that fit on the root bus before QEMU refuses, found by bisection, against PCI_SLOT_MAX minus
 * the slots the machine takes.
 */
final class PciSlotsProbe implements Probe {
    private static final Info INFO = new Info("pci-slots", "virtio-blk-pci devices that fit on the q35 root bus",
            Needs.QEMU, 64, 256);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        if (!ctx.targets().contains(QemuTarget.X86_64)) {
            return ProbeResult.skipped(name(), "needs " + Program.QEMU_X86_64.command() + " (Debian package "
                    + Program.QEMU_X86_64.debianPackage() + ")");
        }
        ProbeResult r = new ProbeResult(name());
        int cap = ctx.n(this);
        int predicted = ctx.limits().usableQ35RootSlots();
        int lo = 0;
        int hi = cap + 1;
        String refusal = "";
        boolean capStarts = starts(ctx, cap) == null;
        if (capStarts) {
            lo = cap;
        } else {
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                String why = starts(ctx, mid);
                if (why == null) {
                    lo = mid;
                } else {
                    hi = mid;
                    refusal = why;
                }
            }
        }
        r.limit(new LimitCheck(name(), "x86_64-q35", "virtio-blk-pci on the root bus", predicted, lo, !capStarts, refusal));
        ctx.progress(name(), lo + " devices fit, " + (lo + 1) + " do not (" + refusal + "); model " + predicted);
        return r;
    }

    private static String starts(ProbeContext ctx, int n) throws Exception {
        var st = ctx.qemu().start(new QemuLauncher.Spec(QemuTarget.X86_64, n, Backend.NULL_CO, Placement.AUTO, 0,
                QemuLauncher.GUEST_MEMORY_MIB));
        if (st instanceof QemuLauncher.Started ok) {
            ok.instance().close();
            return null;
        }
        return ((QemuLauncher.Failed) st).reason();
    }
}
