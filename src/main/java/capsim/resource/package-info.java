/**
 * Generic resource blocks with no KVM knowledge: a limited pool that fails with a breaking point,
 * a multi-server FIFO queue, a processor-sharing server and a table whose commit cost grows with
 * its size. The stack models in {@code capsim.model} are built from these.
 */
package capsim.resource;
