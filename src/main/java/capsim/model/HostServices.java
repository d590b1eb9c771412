package capsim.model;

import capsim.measure.MetricSink;
import java.util.function.DoubleUnaryOperator;
import capsim.measure.Unit;
import capsim.resource.LimitSpec;
import capsim.kernel.Simulation;
import capsim.stat.Curve;
import capsim.model.dump.CrashDump;
import capsim.model.common.Arch;
import capsim.model.host.HostSpec;
import capsim.model.kvm.KvmHost;
import capsim.model.migration.MigrationService;
import capsim.model.ssh.Sshd;
import capsim.model.net.HostKernelSpec;
import capsim.model.net.HostNetwork;
import capsim.resource.BreakingPoint;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's parts beyond guest starts: networking, KVM routing and memory slots, live migration,
 * sshd and crash dumps. Each reports only once a step has used it, so experiments about guest
 * starts keep their metrics and results folders unchanged.
 */
public final class HostServices {
    private final HostSpec host;
    private final StackSpec stack;
    private final HostNetwork net;
    private final KvmHost kvm;
    private final MigrationService migration;
    private final Sshd sshd;
    private final CrashDump dump;
    private final double usableRamCeilingGiB;

    public HostServices(Simulation sim, HostSpec host, StackSpec stack, BreakingPointLog log, Runnable onFailure) {
        this.host = host;
        this.stack = stack;
        this.net = new HostNetwork(sim, host.net(), stack.hostKernel(), host.kernel(), log, onFailure);
        this.kvm = new KvmHost(sim, host.arch(), host.kvm(), stack.qemuKvm(), log, onFailure);
        this.migration = new MigrationService(sim, stack.migration(), host.net().migrationLinkGbps(), log, onFailure);
        this.sshd = new Sshd(sim, stack.ssh(), log, onFailure);
        this.dump = new CrashDump(host.dump(), stack.dump());
        this.usableRamCeilingGiB = ramCeilingGiB(host, stack.hostKernel());
        if (usableRamCeilingGiB < host.ramGiB()) {
            LimitSpec ceiling = LimitSpec.hard("host.ram-ceiling", Scope.SYSTEM, Errno.ENOMEM,
                    "s390 mm bug: a return value held in an int where a wider type was needed (host RAM above "
                            + Math.round(usableRamCeilingGiB) + " GiB unusable)",
                    "kernel with the s390 mm fix (stack.hostKernel.s390LargeRamBug = false); until then boot with mem="
                            + Math.round(usableRamCeilingGiB) + "G").counting(Unit.GIB, DoubleUnaryOperator.identity());
            log.record(new BreakingPoint(sim.now(), "host", ceiling, Math.round(usableRamCeilingGiB), Math.round(host.ramGiB()),
                    Math.round(host.ramGiB())));
        }
    }

    /** Host RAM the kernel can use, GiB: all of it, or the ceiling of the s390 large-RAM bug. */
    public static double ramCeilingGiB(HostSpec host, HostKernelSpec kernel) {
        if (host.arch() == Arch.S390X && kernel.s390LargeRamBug()) return Math.min(host.ramGiB(), kernel.s390LargeRamCeilingGiB());
        return host.ramGiB();
    }

    public double usableRamCeilingGiB() {
        return usableRamCeilingGiB;
    }

    public HostNetwork net() {
        return net;
    }

    public KvmHost kvm() {
        return kvm;
    }

    public MigrationService migration() {
        return migration;
    }

    public Sshd sshd() {
        return sshd;
    }

    public CrashDump dump() {
        return dump;
    }

    public HostSpec host() {
        return host;
    }

    public StackSpec stack() {
        return stack;
    }

    public List<LimitedPool> pools() {
        List<LimitedPool> out = new ArrayList<>(net.pools());
        out.addAll(migration.pools());
        return out;
    }

    public List<Curve> curves() {
        List<Curve> out = new ArrayList<>();
        if (net.used()) out.add(net.curve());
        if (kvm.hotplugCurve() != null) out.add(kvm.hotplugCurve());
        if (migration.used()) out.add(migration.curve());
        if (dump.used()) out.add(dump.curve());
        return out;
    }

    public void report(MetricSink m) {
        if (usableRamCeilingGiB < host.ramGiB()) m.amount("host.usableRamGiB", Unit.GIB, usableRamCeilingGiB);
        net.report(m);
        kvm.report(m);
        migration.report(m);
        sshd.report(m);
        dump.report(m);
    }
}
