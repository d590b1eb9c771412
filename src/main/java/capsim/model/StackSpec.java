package capsim.model;

import capsim.model.libvirt.LibvirtSpec;
import capsim.model.machined.MachinedSpec;
import capsim.model.qemu.QemuSpec;
import capsim.scenario.json.Default;
import capsim.scenario.json.Doc;

/** A software stack: versions, defaults and known bugs (models/stacks/*.json). */
@Doc("a virtualization stack: QEMU, libvirt, systemd-machined with versions and bugs")
public record StackSpec(
        @Doc("stack name") String name,
        @Doc("what this stack is") @Default("\"\"") String description,
        QemuSpec qemu,
        LibvirtSpec libvirt,
        MachinedSpec machined) {
}
