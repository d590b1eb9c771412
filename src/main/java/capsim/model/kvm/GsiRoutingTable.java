package capsim.model.kvm;

import capsim.resource.BreakingPointLog;
import capsim.resource.CommitTable;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.Scope;

/**
 * One VM's GSI routing table as KVM keeps it: every KVM_SET_GSI_ROUTING replaces the whole table,
 * so a commit costs a fixed part (ioctl, the irqchip pin array, one SRCU grace period), a part per
 * route entry, and a part per irqfd of the VM. The cost is computed from the counts: a commit of
 * n entries is one O(1) computation, not n steps.
 */
public final class GsiRoutingTable {
    private static final LimitSpec ROUTES = LimitSpec.hard("kvm.irq-routes", Scope.VM, Errno.ENOSPC,
            "KVM_MAX_IRQ_ROUTES (QEMU finds no free GSI; on x86, pin routes included, KVM refuses the table and QEMU aborts)",
            "kernel with more routes (4096 on every arch since 2018), fewer virtqueues per guest, or a payload "
                    + "(indicator offset) interface that needs no route per queue");

    private final KvmSpec spec;
    private final CommitTable table;
    private long irqfds;
    private double totalCostNs;
    private long maxTableBytes;

    /** A VM's table holding {@code baseRoutes} entries the machine sets up before any device (committed at machine init). */
    public GsiRoutingTable(KvmSpec spec, BreakingPointLog log, int baseRoutes) {
        this.spec = spec;
        RoutingCommitCost c = spec.routingCommit();
        double fixedNs = c.fixedUs() * 1e3 + c.perPinNs() * pins() + c.srcuGracePeriodUs() * 1e3;
        this.table = new CommitTable(ROUTES, spec.maxIrqRoutes(), log, fixedNs, c.perEntryNs());
        if (baseRoutes > 0) table.add(0, "machine irqchip routes", baseRoutes);
    }

    private long pins() {
        return (long) spec.nrIrqchips() * spec.irqchipNumPins();
    }

    /** True when {@code n} more routes fit under KVM_MAX_IRQ_ROUTES. */
    public boolean fits(long n) {
        return table.entries().fits(n);
    }

    /** Adds routes without committing; false and a breaking point past the limit. */
    public boolean add(long nowNs, String subject, long n) {
        return table.add(nowNs, subject, n);
    }

    public void addIrqfds(long n) {
        irqfds += n;
    }

    /** Cost in ns of committing the table as it stands now. */
    public double commitCostNs() {
        return table.commitCostNs() + irqfds * spec.routingCommit().perIrqfdNs();
    }

    /** Commits the table (KVM_SET_GSI_ROUTING); returns its cost in ns. */
    public double commit() {
        double c = table.commit() + irqfds * spec.routingCommit().perIrqfdNs();
        totalCostNs += c;
        maxTableBytes = Math.max(maxTableBytes, tableBytes(spec, table.size()));
        return c;
    }

    /**
     * Bytes of the one contiguous allocation a commit makes: the table header with its
     * chip[NR_IRQCHIPS][NUM_PINS] int array, plus one hash-list head per GSI.
     */
    public static long tableBytes(KvmSpec spec, long entries) {
        long header = 64;
        return header + 4L * spec.nrIrqchips() * spec.irqchipNumPins() + 8L * entries;
    }

    /** Page order of an allocation of {@code bytes} (0 = one 4 KiB page, 3 = 32 KiB). */
    public static int allocationOrder(long bytes) {
        long pages = (bytes + 4095) / 4096;
        int order = 0;
        while ((1L << order) < pages) order++;
        return order;
    }

    public long routes() {
        return table.size();
    }

    public long irqfds() {
        return irqfds;
    }

    public long commits() {
        return table.commits();
    }

    public double totalCostNs() {
        return totalCostNs;
    }

    public long maxTableBytes() {
        return maxTableBytes;
    }

    public long limit() {
        return table.entries().limit();
    }

    public long highWater() {
        return table.entries().highWater();
    }
}
