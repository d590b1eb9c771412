/**
 * sshd of the host: sessions per multiplexed connection (MaxSessions) and the {@code ssh-fanout}
 * step kind. Its own package: it shares nothing with migration (libvirt migrates over its own
 * ports, not over ssh, in this model). Imports {@code model.common}.
 */
package capsim.model.ssh;
