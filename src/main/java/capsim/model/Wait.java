package capsim.model;

import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;
import capsim.kernel.Simulation;
import capsim.model.common.Step;
import capsim.model.common.StepContext;

/** Let simulated time pass with nothing requested: running guests keep running, the next step starts later. */
@Kind("wait")
@Doc("let simulated time pass before the next step (nothing is requested meanwhile)")
public record Wait(
        @Doc("simulated time to wait, s") @Range(min = 0, max = 1e9) double seconds) implements Step {

    @Override
    public void run(StepContext ctx, Runnable next) {
        ctx.sim().schedule(Math.round(seconds * Simulation.NS_PER_S), i -> next.run(), 0);
    }
}
