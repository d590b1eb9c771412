package capsim.resource;

/**
 * A table that is rewritten whole on every commit: the cost of a commit grows with the entries
 * it holds (KVM's GSI routing table, a driver's list of registered MAC addresses). The table has
 * a maximum number of entries; adding beyond it fails with a breaking point.
 *
 * <p>The simulator computes a commit's cost in O(1) from the entry count; it never walks
 * the modeled entries, so a quadratic modeled cost stays a linear amount of simulator work.
 */
public final class CommitTable {
    private final LimitedPool entries;
    private final double fixedCostNs;
    private final double perEntryCostNs;
    private long commits;
    private double totalCostNs;

    public CommitTable(LimitSpec spec, long maxEntries, BreakingPointLog log, double fixedCostNs, double perEntryCostNs) {
        this.entries = new LimitedPool(spec, maxEntries, log);
        this.fixedCostNs = fixedCostNs;
        this.perEntryCostNs = perEntryCostNs;
    }

    /** Adds {@code n} entries without committing; false (and a breaking point) past the maximum. */
    public boolean add(long nowNs, String subject, long n) {
        return entries.tryAcquire(nowNs, subject, n);
    }

    public void remove(long nowNs, long n) {
        entries.release(nowNs, n);
    }

    /** Cost in ns of one commit of the table as it stands now. */
    public double commitCostNs() {
        return fixedCostNs + perEntryCostNs * entries.used();
    }

    /** Commits the table; returns the cost in ns. */
    public double commit() {
        double c = commitCostNs();
        commits++;
        totalCostNs += c;
        return c;
    }

    public long size() {
        return entries.used();
    }

    public long commits() {
        return commits;
    }

    public double totalCostNs() {
        return totalCostNs;
    }

    public LimitedPool entries() {
        return entries;
    }
}
