package capsim.model.migration;

/**
 * Concurrent live migrations of guests to a peer host with the same stack.
 *
 * @param guests         guests to migrate
 * @param memoryMiB      RAM of each guest
 * @param dirtyMiBps     rate at which each guest dirties its memory while it runs
 * @param workingSetMiB  memory the guest keeps writing: the dirty set never exceeds it
 * @param explicitPorts  each migration names its port in the URI, so libvirt's port range is not used
 */
public record MigrationPlan(int guests, double memoryMiB, double dirtyMiBps, double workingSetMiB,
                            boolean explicitPorts) {
}
