/**
 * Generic resource blocks with no KVM knowledge: a limited pool that fails with a breaking point,
 * a multi-server FIFO queue, a processor-sharing server and a table whose commit cost grows with
 * its size; the typed contract of a limit: {@link capsim.resource.LimitSpec} (resource, scope,
 * errno, the unit the pool counts, its {@link capsim.resource.Knob} and the conversion from pool
 * units to knob units) and the breaking points and their log with listeners. A knob is declared
 * once, as {@link capsim.resource.Tunable} on the model record value that holds it: its kind
 * (sysctl, qemu.conf, libvirtd.conf, systemd directive, environment, sshd_config, hardware), key
 * and unit. The stack models in {@code capsim.model} are built from these.
 */
package capsim.resource;
