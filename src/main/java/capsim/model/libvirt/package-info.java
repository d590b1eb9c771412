/** libvirtd: its model record and the daemon at run time (RPC workers, its fds and tasks, the limits it sets on QEMU). Imports {@code model.common} and {@code model.host}. */
package capsim.model.libvirt;
