package capsim.model.dump;

import capsim.model.common.HostComponent;
import capsim.stat.Curve.Column;
import capsim.measure.MetricSink;
import java.util.function.DoubleUnaryOperator;
import capsim.measure.Unit;
import capsim.resource.LimitSpec;
import capsim.stat.Curve;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.Scope;
import java.util.List;
import java.util.Map;

/**
 * How long dumping a crashed host's memory takes. The s390 stand-alone dump tools copy every page
 * on one CPU to one device: time = RAM / min(one CPU's copy rate, the device's stream rate). kdump
 * with makedumpfile first scans the page descriptors to filter (in parallel on its threads), then
 * writes only the pages it keeps: time = RAM / (scan rate x threads) + kept / min(threads x copy
 * rate, storage rate).
 */
public final class CrashDump implements HostComponent {
    private static final double MIB_PER_GIB = 1024;

    private final DumpHardwareSpec hw;
    private final DumpSpec tools;
    private final Curve curve = new Curve("dump", Column.against("ramGiB", Unit.GIB),
            Column.duration("standaloneS", Unit.S), Column.duration("kdumpS", Unit.S), Column.value("kdumpKeptGiB", Unit.GIB));
    private double hostRamGiB = Double.NaN;
    private boolean used;

    private final double hostRam;

    public CrashDump(DumpHardwareSpec hw, DumpSpec tools) {
        this(hw, tools, Double.NaN);
    }

    /** @param hostRamGiB the host's RAM, the size a dump step computes when it names none */
    public CrashDump(DumpHardwareSpec hw, DumpSpec tools, double hostRamGiB) {
        this.hw = hw;
        this.tools = tools;
        this.hostRam = hostRamGiB;
    }

    /** {@link #run(long, double, List, List, double, BreakingPointLog)} for the host's RAM. */
    public void run(long nowNs, List<Double> ramGiB, List<DumpMethod> methods, double sloH, BreakingPointLog log) {
        run(nowNs, hostRam, ramGiB, methods, sloH, log);
    }

    /** Seconds to dump {@code ramGiB} of host memory with {@code method}. */
    public double timeS(DumpMethod method, double ramGiB) {
        double ramMiB = ramGiB * MIB_PER_GIB;
        return switch (method) {
            case STANDALONE -> ramMiB / Math.min(hw.memoryCopyMiBpsPerCpu(), hw.standaloneDeviceMiBps());
            case KDUMP -> {
                int t = tools.makedumpfileThreads();
                double scanS = ramGiB / (hw.pageScanGiBpsPerCpu() * t);
                double writeS = tools.makedumpfileKeptFraction() * ramMiB
                        / Math.min(t * hw.memoryCopyMiBpsPerCpu(), hw.kdumpStorageMiBps());
                yield scanS + writeS;
            }
        };
    }

    /**
     * Computes the dump times for every RAM size (the host's own when the list is empty) and both
     * methods; when {@code sloH} is positive, a method that takes longer on the host's RAM is a
     * breaking point.
     */
    public void run(long nowNs, double hostRam, List<Double> ramGiB, List<DumpMethod> methods, double sloH, BreakingPointLog log) {
        used = true;
        hostRamGiB = hostRam;
        List<Double> sizes = ramGiB.isEmpty() ? List.of(hostRam) : ramGiB;
        for (double r : sizes) {
            curve.add(r, timeS(DumpMethod.STANDALONE, r), timeS(DumpMethod.KDUMP, r), tools.makedumpfileKeptFraction() * r);
        }
        if (sloH <= 0) return;
        for (DumpMethod m : methods) {
            double h = timeS(m, hostRam) / 3600;
            if (h <= sloH) continue;
            String fix = m == DumpMethod.STANDALONE
                    ? "kdump with makedumpfile filtering (dump level 31 drops free, cache and user pages, i.e. guest RAM)"
                    : "more makedumpfile threads (--num-threads, nr_cpus of the capture kernel) or faster dump storage";
            LimitSpec slo = LimitSpec.slo("dump.time.min", Scope.SYSTEM, Errno.ETIMEDOUT,
                    m == DumpMethod.STANDALONE ? "dump time SLO, min (a stand-alone dump: every page, one CPU, one stream)"
                            : "dump time SLO, min (makedumpfile: a scan of every page descriptor, then the kept pages)", fix)
                    .counting(Unit.MIN, DoubleUnaryOperator.identity());
            log.recordSloMiss(BreakingPoint.of(nowNs, "host dump (" + m.name().toLowerCase(java.util.Locale.ROOT) + ")", slo,
                    Math.round(sloH * 60), Math.round(h * 60)));
        }
    }

    public Curve curve() {
        return curve;
    }

    public boolean used() {
        return used;
    }

    @Override
    public List<Curve> curves() {
        return used ? List.of(curve) : List.of();
    }

    @Override
    public void report(MetricSink m) {
        if (!used) return;
        double s = timeS(DumpMethod.STANDALONE, hostRamGiB);
        double k = timeS(DumpMethod.KDUMP, hostRamGiB);
        m.amount("dump.hostRamGiB", Unit.GIB, hostRamGiB);
        m.time("dump.standalone.timeH", Unit.H, s / 3600);
        m.time("dump.kdump.timeH", Unit.H, k / 3600);
        m.ratio("dump.kdump.speedup", Unit.RATIO, s / k);
    }
}
