/**
 * QEMU: its and glibc's model records, one process's footprint ({@code QemuFootprint}) and the
 * processes at run time ({@code QemuProcesses}: the qemu uid's tasks, RLIMIT_NOFILE, select()
 * fd sets). Imports {@code model.common}, {@code model.host} and {@code model.libvirt} (the limits
 * libvirt sets on QEMU).
 */
package capsim.model.qemu;
