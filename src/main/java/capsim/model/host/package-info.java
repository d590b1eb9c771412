/**
 * The host: its model file ({@code HostSpec} with sysctls, and the host's network, KVM and dump
 * hardware) and its kernel at run time ({@code Host}: RAM and the commit limit, fds, aio,
 * inotify, tasks, ptys, and the RAM the s390 large-RAM bug leaves usable). Imports
 * {@code model.common} and the spec records of {@code model.net}, {@code model.kvm} and
 * {@code model.dump}.
 */
package capsim.model.host;
