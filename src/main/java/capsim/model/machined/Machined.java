package capsim.model.machined;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.resource.FifoServers;

/** systemd-machined at run time: a single-threaded D-Bus server. */
public final class Machined {
    private final MachinedSpec spec;
    private final FifoServers server;

    public Machined(Simulation sim, MachinedSpec spec) {
        this.spec = spec;
        this.server = new FifoServers(sim, "machined", 1);
    }

    /** One CreateMachine call; {@code done} is called when machined has answered. */
    public void createMachine(EventHandler done, int data) {
        server.submit((long) (spec.createMachineMs() * Simulation.NS_PER_MS), done, data);
    }

    public MachinedSpec spec() {
        return spec;
    }

    public FifoServers server() {
        return server;
    }
}
