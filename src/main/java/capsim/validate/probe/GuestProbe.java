package capsim.validate.probe;

import capsim.validate.host.BootedGuests;

/** A probe with a booted guest: its result starts with what the guest is and why it runs under KVM or TCG. */
abstract class GuestProbe implements Probe {
    @Override
    public final ProbeResult run(ProbeContext ctx) throws Exception {
        ProbeResult r = new ProbeResult(name());
        BootedGuests guests = ctx.guests();
        r.note(guests.describe());
        measure(ctx, guests, r);
        return r;
    }

    /** Boots the probe's guests and adds its curves, limits and notes to {@code r}. */
    abstract void measure(ProbeContext ctx, BootedGuests guests, ProbeResult r) throws Exception;
}
