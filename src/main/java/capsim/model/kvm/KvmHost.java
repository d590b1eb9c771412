package capsim.model.kvm;

import capsim.model.common.HostComponent;
import capsim.model.common.DeviceFds;
import capsim.measure.Unit;
import capsim.measure.MetricSink;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.model.common.Arch;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.FairShareCpus;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.Scope;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * KVM on the host at run time, for the parts that depend on QEMU's use of it: the memory slots a
 * guest's RAM needs (checked when a guest starts) and the GSI routing table of a guest that gets
 * devices hot-plugged.
 */
public final class KvmHost implements HostComponent {
    static final double GIB = 1024.0 * 1024 * 1024;
    /** RAM an x86 q35 guest keeps below 4 GiB when it has more than that (the rest is a second region). */
    static final double X86_LOW_RAM_GIB = 2;

    private final Simulation sim;
    private final Arch arch;
    private final KvmSpec kvm;
    private final QemuKvmSpec qemu;
    private final BreakingPointLog log;
    private GsiRoutingTable hotplugTable;
    private HotplugRun hotplug;
    private long memslotsChecked;
    private long memslotFailures;
    private long maxSlotPages;
    private long maxSlots;

    public KvmHost(Simulation sim, Arch arch, KvmSpec kvm, QemuKvmSpec qemu, BreakingPointLog log) {
        this.sim = sim;
        this.arch = arch;
        this.kvm = kvm;
        this.qemu = qemu;
        this.log = log;
    }

    /** The virtio transport guests of this host's architecture use. */
    public TransportIrqSpec transport() {
        return arch == Arch.S390X ? qemu.virtioCcw() : qemu.virtioPci();
    }

    /** Largest memslot QEMU creates for guest RAM on this architecture, bytes; 0 = no split. */
    public double qemuSlotMaxBytes() {
        return (arch == Arch.S390X ? qemu.memslotMaxGiBS390x() : qemu.memslotMaxGiBX86()) * GIB;
    }

    /** The memslots QEMU registers for a guest of {@code memoryMiB}: count and largest, from the split rule. */
    public record SlotLayout(long slots, long largestSlotBytes) {
    }

    public SlotLayout layout(double memoryMiB) {
        double bytes = memoryMiB * 1024 * 1024;
        double[] regions;
        if (arch == Arch.X86_64 && bytes > X86_LOW_RAM_GIB * GIB) {
            regions = new double[] {X86_LOW_RAM_GIB * GIB, bytes - X86_LOW_RAM_GIB * GIB};
        } else {
            regions = new double[] {bytes};
        }
        double max = qemuSlotMaxBytes();
        long slots = 0;
        double largest = 0;
        for (double r : regions) {
            long n = max > 0 ? (long) Math.ceil(r / max) : 1;
            slots += n;
            largest = Math.max(largest, n == 1 ? r : Math.min(r, max));
        }
        return new SlotLayout(slots, (long) Math.ceil(largest));
    }

    /**
     * Checks that a guest's RAM fits KVM's memory slots as QEMU lays them out: every slot within
     * KVM_MEM_MAX_NR_PAGES and the slot count within KVM_USER_MEM_SLOTS. A guest that does not fit
     * fails its start (KVM_SET_USER_MEMORY_REGION returns EINVAL) with a breaking point.
     */
    public boolean admitGuestMemory(long nowNs, Supplier<String> who, double memoryMiB) {
        memslotsChecked++;
        SlotLayout l = layout(memoryMiB);
        long pages = (l.largestSlotBytes() + kvm.pageSizeBytes() - 1) / kvm.pageSizeBytes();
        long slots = l.slots() + qemu.baseMemslots();
        maxSlotPages = Math.max(maxSlotPages, pages);
        maxSlots = Math.max(maxSlots, slots);
        if (pages > kvm.memMaxNrPages()) {
            String split = arch == Arch.S390X ? "stack.qemuKvm.memslotMaxGiBS390x" : "stack.qemuKvm.memslotMaxGiBX86";
            LimitSpec s = LimitSpec.hard("kvm.memslot-pages", Scope.VM, Errno.EINVAL,
                    "KVM_MEM_MAX_NR_PAGES (2^31 - 1 pages per memslot: 8 TiB - 4 KiB with 4 KiB pages)",
                    "a QEMU that splits guest RAM over several memslots (s390x: 4 TiB slots since QEMU 4.2, "
                            + "'kvm: s390: split too big memory section on several memslots'; " + split + ")");
            return refuse(nowNs, who.get(), s, kvm.memMaxNrPages(), pages);
        }
        if (slots > kvm.userMemslots()) {
            LimitSpec s = LimitSpec.hard("kvm.memslots", Scope.VM, Errno.EINVAL,
                    "KVM_USER_MEM_SLOTS", "kernel 5.12 or later (32764 slots on x86, 32767 elsewhere; 4fc096a99e01)");
            return refuse(nowNs, who.get(), s, kvm.userMemslots(), slots);
        }
        return true;
    }

    private boolean refuse(long nowNs, String who, LimitSpec s, long limit, long demand) {
        memslotFailures++;
        log.record(BreakingPoint.of(nowNs, who, s, limit, demand));
        return false;
    }

    /**
     * Hot-plugs devices into one guest, each device's realize and routing commit CPU work of its
     * QEMU's thread ({@code cpu}); {@code done.onEvent(data)} runs when the last is plugged.
     */
    public void hotplug(HotplugDevices plan, DeviceFds deviceFds, FairShareCpus.ThreadClass cpu, EventHandler done, int data) {
        if (hotplugTable == null) hotplugTable = new GsiRoutingTable(kvm, log, transport().baseRoutes());
        hotplug = new HotplugRun(sim, hotplugTable, transport(), qemu, plan, deviceFds, cpu, log, done, data);
        hotplug.start();
    }

    public Curve hotplugCurve() {
        return hotplug == null ? null : hotplug.curve();
    }

    public KvmSpec spec() {
        return kvm;
    }

    @Override
    public List<Curve> curves() {
        return hotplug == null ? List.of() : List.of(hotplug.curve());
    }

    @Override
    public void report(MetricSink m) {
        if (memslotsChecked > 0) {
            m.count("kvm.memslots.maxSlotPages", (double) maxSlotPages);
            m.count("kvm.memslots.maxSlots", (double) maxSlots);
            m.count("kvm.memslots.failures", (double) memslotFailures);
            m.limit("kvm.memslot-pages", Unit.PAGES, (double) kvm.memMaxNrPages());
            m.limit("kvm.memslots", Unit.COUNT, (double) kvm.userMemslots());
        }
        if (hotplug != null) {
            hotplug.report(m);
            GsiRoutingTable t = hotplugTable;
            m.count("kvm.irqRouting.routes", (double) t.routes());
            m.count("kvm.irqRouting.irqfds", (double) t.irqfds());
            m.count("kvm.irqRouting.commits", (double) t.commits());
            m.time("kvm.irqRouting.commitTotalS", Unit.S, t.totalCostNs() / 1e9);
            m.amount("kvm.irqRouting.tableBytes", Unit.BYTES, (double) t.maxTableBytes());
            m.count("kvm.irqRouting.tableAllocOrder", (double) GsiRoutingTable.allocationOrder(t.maxTableBytes()));
            m.highWater("kvm.irq-routes", Unit.COUNT, (double) t.highWater());
            m.limit("kvm.irq-routes", Unit.COUNT, (double) t.limit());
        }
    }
}
