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

    /** The CPU a running guest's QEMU thread works on (a hot-plug's realize and routing commits). */
    capsim.resource.FairShareCpus.ThreadClass qemuCpu();

    /** What the loads running now dirty per guest, MiB/s (0 when none runs): what a migration meanwhile re-sends. */
    double loadDirtyMiBPerS();

    /** Guests running now. */
    int runningGuests();

    /** Guests of the named profile ("" = the experiment's guest) running now. */
    int runningGuests(String profile);

    /** Defines one guest; {@code done.onEvent(data)} when it is defined. */
    void define(EventHandler done, int data);

    /** Defines one guest of the named profile ("" = the experiment's guest); {@code done.onEvent(data)} when it is defined. */
    void define(String profile, EventHandler done, int data);

    /** The shape of the named guest profile ("" = the experiment's guest). */
    GuestTemplate guest(String profile);

    /**
     * Starts the defined guest that does not run and has waited longest (defined or shut off first)
     * with a latency SLO (0 = none); {@code done.onEvent(data)} when it runs or has failed.
     */
    void startNext(double latencySloS, EventHandler done, int data);

    /**
     * Shuts down the running guest that came up first (virsh shutdown, then the guest powers off);
     * {@code done.onEvent(data)} once it is shut off, or at once when no guest runs (its start failed).
     */
    void stopNext(EventHandler done, int data);

    /** As {@link #stopNext}, but virsh destroy: QEMU is killed, the guest has no say. */
    void destroyNext(EventHandler done, int data);

    /** Undefines the defined guest that does not run and has waited longest (defined or shut off first); {@code done.onEvent(data)} when it is gone. */
    void undefineNext(EventHandler done, int data);
}
