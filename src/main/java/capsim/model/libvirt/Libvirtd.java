package capsim.model.libvirt;

import capsim.kernel.Simulation;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.FifoServers;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;

/** libvirtd at run time: its RPC worker pool and its own fd table. */
public final class Libvirtd {
    private final LibvirtSpec spec;
    private final FifoServers workers;
    private final LimitedPool fds;
    private int defined;

    public Libvirtd(Simulation sim, LibvirtSpec spec, BreakingPointLog log) {
        this.spec = spec;
        this.workers = new FifoServers(sim, "libvirtd.workers", spec.maxWorkers());
        this.fds = new LimitedPool(LimitSpec.tunable("libvirtd.nofile", Scope.SERVICE, Errno.EMFILE,
                "libvirtd.service LimitNOFILE", "stack.libvirt.daemonNofile"), spec.daemonNofile(), log, true);
        fds.take(sim.now(), Math.min(spec.daemonBaseFds(), spec.daemonNofile()));
    }

    public LibvirtSpec spec() {
        return spec;
    }

    public FifoServers workers() {
        return workers;
    }

    public LimitedPool fds() {
        return fds;
    }

    public void defined(int n) {
        defined += n;
    }

    public int definedGuests() {
        return defined;
    }
}
