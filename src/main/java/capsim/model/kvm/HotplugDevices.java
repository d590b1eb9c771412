package capsim.model.kvm;

import capsim.model.common.Step;
import capsim.model.common.DeviceFds;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** Hot-plug virtio devices into one running guest, one device_add after the other. */
@Kind("hotplug")
@Doc("hot-plug virtio devices into one running guest and time each against the devices already present")
public record HotplugDevices(
        @Doc("devices to plug") @Range(min = 1, max = 1_000_000) int count,
        @Doc("virtqueues per device (virtio-blk: 1 per queue; virtio-net: 2 per queue pair + 1 control)") @Default("1") @Range(min = 1, max = 1024) int virtqueuesPerDevice,
        @Doc("devices of the same shape the guest has before the step") @Default("0") @Range(min = 0, max = 1_000_000) int presentDevices,
        @Doc("devices whose routes are committed together when the stack commits per batch (0 = all of the step)") @Default("0") @Range(min = 0, max = 1_000_000) int batch,
        @Doc("a device slower to plug than this is a breaking point, ms (0 = no SLO)") @Default("0") @Range(min = 0) double deviceSloMs,
        @Doc("free hot-plug slots for the step's devices (q35: the free pcie-root-ports, one device each, since pcie.0 itself does not hot-plug); 0 = no slot needed (s390 CCW)") @Default("0") @Range(min = 0, max = 1_000_000) int hotplugSlots,
        @Doc("what is plugged: generic (routes only, fds not modeled), virtio-net (tap + vhost-net, the guest's nicQueues) or virtio-blk: these take their fds in the guest's QEMU, the realize fds at device_add, the rest when the guest driver starts the device") @Default("\"generic\"") HotplugDevice device) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return count;
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        ctx.component(KvmHost.class).hotplug(this, ctx.component(DeviceFds.class), ctx.qemuCpu(), i -> next.run(), 0);
    }
}
