package capsim.model.dump;

import capsim.model.common.Step;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import java.util.List;

/** Dump the host's memory after a crash, with each method, for the host's RAM and other sizes. */
@Kind("dump")
@Doc("time to dump the host's memory after a crash, by method, against host RAM")
public record DumpHost(
        @Doc("host RAM sizes to compute, GiB (empty = the host's RAM)") @Default("[]") List<Double> ramGiB,
        @Doc("dump methods held to the SLO") @Default("[\"standalone\", \"kdump\"]") List<DumpMethod> methods,
        @Doc("a dump of the host's RAM slower than this is a breaking point, hours (0 = no SLO)") @Default("0") @Range(min = 0) double sloH) implements Step {

    @Override
    public void run(StepContext ctx, Runnable next) {
        ctx.component(CrashDump.class).run(ctx.sim().now(), ramGiB, methods, sloH, ctx.log());
        next.run();
    }

    public DumpHost {
        for (double r : ramGiB) {
            if (!(r > 0)) throw new IllegalArgumentException("ramGiB: every size must be > 0, found " + r);
        }
    }
}
