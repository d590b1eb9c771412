package capsim.model.common;

import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.resource.BreakingPointLog;

/** What a {@link Step} may use of the host system it runs on. */
public interface StepContext {
    Simulation sim();

    /** The part of the host of this class ({@code ctx.component(HostNetwork.class)}). */
    <T extends HostComponent> T component(Class<T> type);

    /** The experiment's guest. */
    GuestTemplate guest();

    BreakingPointLog log();

    /** Guests running now. */
    int runningGuests();

    /** Defines one guest; {@code done.onEvent(data)} when it is defined. */
    void define(EventHandler done, int data);

    /** Starts the next defined guest with a latency SLO (0 = none); {@code done.onEvent(data)} when it runs or has failed. */
    void startNext(double latencySloS, EventHandler done, int data);
}
