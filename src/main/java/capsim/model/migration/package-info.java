/** Live migration: libvirt's port range, pre-copy over the shared link, and the {@code migrate} step kind. Imports {@code model.common}. */
package capsim.model.migration;
