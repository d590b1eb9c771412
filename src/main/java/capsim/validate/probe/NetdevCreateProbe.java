package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.NetNamespace;
import capsim.validate.host.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * netdev-create: inside a throw-away namespace, the time to create one interface over the
 * number of interfaces already there (the fastest of --repeat fresh namespaces), for veth pairs
 * and taps with kernel-chosen names (veth%d, tap%d, as libvirt's vnet%d): dev_alloc_name scans
 * every name in the namespace.
 */
final class NetdevCreateProbe implements Probe {
    private static final Info INFO = new Info("netdev-create",
            "interface creation time (veth, tap) over the number of interfaces in the namespace", Needs.NETNS, 1024, 8192, Program.IP);

    public Info info() {
        return INFO;
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        ProbeResult r = new ProbeResult(name());
        int n = ctx.n(this);
        for (String kind : List.of("veth", "tap")) {
            if (kind.equals("tap") && !Files.exists(Path.of("/dev/net/tun"))) {
                r.note("tap: skipped, no /dev/net/tun on this host");
                continue;
            }
            // taps are what the net model creates (libvirt's vnet%d): they calibrate it; veth pairs are extras
            boolean tap = kind.equals("tap");
            Series s = r.series(new Series(name(), "kernel-" + kind, "createUs", "µs per interface", "interfaces",
                    Tolerance.TIME_AND_MEMORY, tap
                    ? new Series.Calibrates("host.net.netdevCreateMs", "host.net.nameScanNsPerDevice", 0.001, 1000)
                    : new Series.Calibrates("extra.veth.netdevCreateUs", "extra.veth.nameScanNsPerDevice", 1, 1000)));
            s.note("predicted: the net model's add-interfaces cost (host.net.netdevCreateMs + nameScanNsPerDevice x devices), "
                    + "no uplink registration, no IPv6");
            int perCmd = kind.equals("veth") ? 2 : 1;
            int[] bounds = ProbeContext.points(0, Math.max(1, (n - 1 - NetNamespace.WARM_UP * perCmd) / perCmd),
                    Math.max(8, ctx.settings().points()) + 1);
            List<List<double[]>> fills = new ArrayList<>();
            for (int rep = 0; rep < ctx.settings().repeat(); rep++) {
                NetNamespace.settle();
                fills.add(fill(ctx, r, kind, perCmd, bounds));
            }
            int chunks = fills.stream().mapToInt(List::size).min().orElse(0);
            for (int c = 0; c < chunks; c++) {
                List<Double> us = new ArrayList<>();
                for (List<double[]> f : fills) us.add(f.get(c)[1]);
                double x = fills.get(0).get(c)[0];
                double m = ProbeContext.fastest(us);
                s.add(x, m, ctx.model().netdevCreateUs((int) Math.round(x)));
                ctx.progress(name(), String.format(Locale.ROOT, "%s, about %.0f interfaces: %.1f µs per interface (fastest of %d)",
                        kind, x, m, fills.size()));
            }
        }
        return r;
    }

    /** Per chunk: the mean interface count during it and µs per interface created. */
    private static List<double[]> fill(ProbeContext ctx, ProbeResult r, String kind, int perCmd, int[] bounds) throws Exception {
        String cmd = kind.equals("veth") ? "link add type veth" : "tuntap add mode tap";
        // lo is the namespace's only other interface; listing it would end the query early (see NetNamespace)
        String count = kind.equals("veth") ? "link show type veth" : "link show type tun";
        List<double[]> out = new ArrayList<>();
        try (NetNamespace ns = NetNamespace.create(ctx.cleanup())) {
            List<String> warm = new ArrayList<>();
            for (int i = 0; i < NetNamespace.WARM_UP; i++) warm.add(cmd);
            ns.query(warm);
            int have = 1 + ns.query(count).size();
            for (int b = 1; b < bounds.length; b++) {
                List<String> batch = new ArrayList<>();
                for (int i = bounds[b - 1]; i < bounds[b]; i++) batch.add(cmd);
                long t = ns.timed(batch);
                int now = 1 + ns.query(count).size();
                List<String> e = ns.errors();
                int made = now - have;
                if (made != batch.size() * perCmd || !e.isEmpty()) {
                    r.note(kind + ": creation stopped at " + now + " interfaces: " + (e.isEmpty() ? made + " created of " + batch.size() * perCmd : e.get(0)));
                    break;
                }
                out.add(new double[] {have + (made - 1) / 2.0, t / 1e3 / made});
                have = now;
            }
        }
        return out;
    }
}
