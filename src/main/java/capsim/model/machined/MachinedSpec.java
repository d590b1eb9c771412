package capsim.model.machined;

import capsim.config.Doc;
import capsim.config.Range;

/** systemd-machined: the D-Bus service libvirt registers each guest with. */
@Doc("systemd-machined: one D-Bus call per guest start")
public record MachinedSpec(
        @Doc("systemd version") String version,
        @Doc("message loop: fixed (systemd >= 219) or pre-v219 (read messages wait for the next arrival)") MessageLoop messageLoop,
        @Doc("time machined takes to serve one CreateMachine call, ms") @Range(min = 0) double createMachineMs,
        @Doc("libvirt's D-Bus method-call timeout, s") @Range(min = 0) double callTimeoutS) {
}
