package capsim.model;

import capsim.model.dump.DumpSpec;
import capsim.model.kvm.QemuKvmSpec;
import capsim.model.libvirt.LibvirtSpec;
import capsim.model.machined.MachinedSpec;
import capsim.model.qemu.GlibcSpec;
import capsim.model.migration.MigrationSpec;
import capsim.model.ssh.SshSpec;
import capsim.model.net.HostKernelSpec;
import capsim.model.qemu.QemuSpec;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;

/** A software stack: versions, defaults and known bugs (models/stacks/*.json). */
@Doc("a virtualization stack: QEMU, libvirt, systemd-machined, glibc with versions and bugs")
public record StackSpec(
        @Doc("stack name") String name,
        @Doc("what this stack is") @Default("\"\"") String description,
        @Doc("spread of operation times: each is drawn uniformly within mean x (1 +- spread); 0 = fixed times") @Range(min = 0, max = 1) double timingSpread,
        QemuSpec qemu,
        LibvirtSpec libvirt,
        MachinedSpec machined,
        GlibcSpec glibc,

        @Doc("host kernel bugs and fixes this stack carries") HostKernelSpec hostKernel,
        @Doc("how QEMU drives KVM: interrupt routes, hot-plug, memslots") QemuKvmSpec qemuKvm,
        @Doc("live migration: libvirt ports, QEMU pre-copy") MigrationSpec migration,
        @Doc("sshd of the host") SshSpec ssh,
        @Doc("crash dump tooling") DumpSpec dump) {
}
