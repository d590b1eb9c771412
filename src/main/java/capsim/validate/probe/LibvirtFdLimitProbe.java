package capsim.validate.probe;

import capsim.validate.host.LibvirtdSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * libvirt-fd-limit: a private libvirtd under {@code prlimit --nofile=L:L} starts paused guests
 * (no NIC) one at a time until a start fails: the guests that started against the model's, which
 * counts the fds libvirtd holds only while it starts a guest ({@code startTransientFds}) on top of
 * its base (measured under the same L) and {@code daemonFdsPerGuest} per running guest. A
 * mismatch is what the probe is for: the transient count the measured edge implies is reported.
 */
final class LibvirtFdLimitProbe implements Probe {
    private static final int LOWEST_LIMIT = 32;
    private static final Info INFO = new Info("libvirt-fd-limit",
            "paused guests a private libvirtd starts under RLIMIT_NOFILE = L, and the transient fds of a start", Needs.LIBVIRT,
            64, 128);

    public Info info() {
        return INFO;
    }

    /**
     * The limits: top = N, and top − 16 and top − 15 (an odd and an even one: with two fds per
     * guest, one limit leaves the transient count open between two values), those at least 32.
     */
    static int[] limits(int top) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int l : new int[] {top - 16, top - 15, top}) if (l >= LOWEST_LIMIT) s.add(l);
        if (s.isEmpty()) s.add(LOWEST_LIMIT);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        LibvirtProbes.refuseUnlessPossible(name());
        ProbeResult r = new ProbeResult(name());
        var lv = ctx.model().stack().libvirt();
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        List<String> implied = new ArrayList<>();
        for (int limit : limits(Math.max(LOWEST_LIMIT, ctx.n(this)))) {
            try (LibvirtdSandbox sb = LibvirtdSandbox.start(ctx.cleanup(), limit)) {
                int base = LibvirtProbes.settledFds(sb);
                int predicted = ctx.model().libvirtdFirstRefusedStart(base, limit, 0);
                List<Integer> before = new ArrayList<>(); // fds with k−1 guests running, k = 1, 2, …
                int failed = 0;
                String error = "";
                for (int k = 1; k <= limit; k++) {
                    before.add(LibvirtProbes.settledFds(sb));
                    var st = sb.createPaused(k, 0);
                    if (!st.ok()) {
                        failed = k;
                        error = LibvirtProbes.shortError(st.output());
                        break;
                    }
                }
                boolean reached = failed > 0;
                r.limit(new LimitCheck(name(), "L=" + limit, "guests started", Math.max(0, predicted - 1),
                        reached ? failed - 1 : limit, reached, error));
                String line = String.format(Locale.ROOT, "L=%d: base %d fds; guest %d fails (model: guest %d): %s",
                        limit, base, failed, predicted, error);
                if (reached) {
                    // the failing start did not fit on top of the fds held before it, the one before did
                    long tMin = limit - before.get(failed - 1) + 1L;
                    long tMax = failed >= 2 ? limit - before.get(failed - 2) : Long.MAX_VALUE;
                    lo = Math.max(lo, tMin);
                    hi = Math.min(hi, tMax);
                    line += String.format(Locale.ROOT, "; with %d fds held before it, the start needs %d..%s more", before.get(failed - 1),
                            tMin, tMax == Long.MAX_VALUE ? "" : Long.toString(tMax));
                    implied.add(tMin == tMax ? Long.toString(tMin) : tMin + ".." + (tMax == Long.MAX_VALUE ? "" : tMax));
                }
                r.note(line);
                ctx.progress(name(), line);
            }
        }
        if (lo != Long.MIN_VALUE) {
            String range = lo == hi ? Long.toString(lo) : lo <= hi ? lo + ".." + (hi == Long.MAX_VALUE ? "" : hi) : "inconsistent (" + implied + ")";
            r.note("fds a start needs on top of those held (the virsh client's connection included): " + range
                    + " measured; the model's startTransientFds + startTransientFdsPerNicQueue x 0 queues = " + lv.startTransientFds()
                    + " (libvirtd.conf/qemu.conf here: stdio_handler = \"file\", no virtlogd connection)");
        }
        r.note("no NICs in this probe: startTransientFdsPerNicQueue (tap + vhost-net fds libvirt passes) is not measured"
                + " (no /dev/vhost-net here, and a tap would need host networking)");
        LibvirtProbes.noteMachined(r);
        return r;
    }
}
