package capsim.validate.probe;

import capsim.validate.calibration.Series;
import capsim.validate.calibration.Tolerance;
import capsim.validate.host.NetNamespace;
import capsim.validate.host.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bridge-ports: inside a throw-away network namespace, one bridge and N veth pairs; one end of
 * each pair is attached to the bridge, chunk by chunk, until the kernel refuses (EXFULL). The
 * time per attach over the port count (the fastest of --repeat fills of fresh namespaces), and the port
 * count where it refused, against BR_MAX_PORTS minus the reserved port 0.
 */
final class BridgePortsProbe implements Probe {
    private static final Info INFO = new Info("bridge-ports",
            "ports a Linux bridge takes before EXFULL, and the attach time over the port count", Needs.NETNS, 1100, 2048, Program.IP);

    public Info info() {
        return INFO;
    }

    /** One fill of a bridge: per full chunk the mean port count during it and µs per attach; the ports it ended with. */
    private record Fill(List<double[]> chunks, int ports, String refusal) {
    }

    public ProbeResult run(ProbeContext ctx) throws Exception {
        ProbeResult r = new ProbeResult(name());
        int n = ctx.n(this);
        var costs = ctx.costs();
        // intercept: the fixed part the net model lacks (costs.json); slope: host.net.bridgePortWalkNs (µs -> ns)
        Series attach = r.series(new Series(name(), "kernel", "attachUs", "µs per port", "ports", Tolerance.TIME_AND_MEMORY,
                new Series.Calibrates("extra.bridgeAttachBaseUs", "host.net.bridgePortWalkNs", 1, 1000)));
        attach.note("predicted: the net model's port-list walk of an add-interfaces run with a bridge (host.net.bridgePortWalkNs) "
                + "+ bridgeAttachBaseUs from models/validate/costs.json, the fixed part the model lacks");
        int[] bounds = ProbeContext.points(0, n, Math.max(8, ctx.settings().points()) + 1);
        List<Fill> fills = new ArrayList<>();
        for (int rep = 0; rep < ctx.settings().repeat(); rep++) {
            if (rep > 0) NetNamespace.settle();
            fills.add(fill(ctx, n, bounds));
        }
        Fill last = fills.get(fills.size() - 1);
        int chunks = fills.stream().mapToInt(f -> f.chunks().size()).min().orElse(0);
        for (int c = 0; c < chunks; c++) {
            List<Double> us = new ArrayList<>();
            for (Fill f : fills) us.add(f.chunks().get(c)[1]);
            double x = last.chunks().get(c)[0];
            double m = ProbeContext.fastest(us);
            attach.add(x, m, costs.bridgeAttachBaseUs() + ctx.model().bridgeAttachUs((int) Math.round(x)));
            ctx.progress(name(), String.format(Locale.ROOT, "about %.0f ports: %.1f µs per attach (fastest of %d)", x, m, fills.size()));
        }
        for (Fill f : fills) {
            if (f.ports() != last.ports()) r.note("the fills ended at different port counts: " + fills.stream().map(Fill::ports).toList());
        }
        boolean reached = !last.refusal().isEmpty();
        long predicted = ctx.model().bridgePortLimit(n);
        r.limit(new LimitCheck(name(), "kernel", "ports on one bridge", predicted, last.ports(), reached, last.refusal()));
        ctx.progress(name(), last.ports() + " ports" + (reached ? ", then: " + last.refusal() : " (cap " + n + " reached first)")
                + "; model " + predicted);
        return r;
    }

    private static Fill fill(ProbeContext ctx, int n, int[] bounds) throws Exception {
        List<double[]> chunks = new ArrayList<>();
        try (NetNamespace ns = NetNamespace.create(ctx.cleanup())) {
            ns.query("link add br0 type bridge");
            List<String> create = new ArrayList<>();
            for (int i = 0; i < n; i++) create.add("link add p" + i + " type veth peer name q" + i);
            ns.query(create);
            List<String> errs = ns.errors();
            if (!errs.isEmpty()) throw new IllegalStateException("creating veth pairs in " + ns.name() + ": " + errs.get(0));
            int ports = 0;
            for (int b = 1; b < bounds.length; b++) {
                List<String> cmds = new ArrayList<>();
                for (int i = bounds[b - 1]; i < bounds[b]; i++) cmds.add("link set p" + i + " master br0");
                long t = ns.timed(cmds);
                int now = ns.query("link show master br0").size();
                int added = now - ports;
                List<String> e = ns.errors();
                if (added == cmds.size() && added > 0) chunks.add(new double[] {ports + (added - 1) / 2.0, t / 1e3 / added});
                ports = now;
                if (!e.isEmpty()) {
                    return new Fill(chunks, ports, e.stream().filter(l -> l.contains("RTNETLINK")).findFirst().orElse(e.get(0)));
                }
            }
            return new Fill(chunks, ports, "");
        }
    }
}
