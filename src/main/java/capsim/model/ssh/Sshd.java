package capsim.model.ssh;

import capsim.model.common.HostComponent;
import capsim.measure.Unit;
import capsim.measure.MetricSink;
import capsim.resource.Knob;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.stat.Tally;
import capsim.resource.BreakingPointLog;
import capsim.resource.Errno;
import capsim.resource.LimitSpec;
import capsim.resource.LimitedPool;
import capsim.resource.Scope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's sshd as an orchestration script sees it: sessions multiplexed over a few
 * connections, each connection holding at most MaxSessions open sessions. sshd refuses the
 * session channel beyond that; the script either fails that command or waits and retries when
 * a session of the connection closes.
 */
public final class Sshd implements HostComponent {
    private static final LimitSpec SESSIONS = LimitSpec.of("sshd.sessions", Scope.CONNECTION, Errno.EPERM, Knob.of(SshSpec::maxSessions)).withFix(
            "sshd refuses the channel (\"open failed: administratively prohibited\"; an ssh ControlMaster client "
                    + "prints \"Session open refused by peer\"): raise MaxSessions or open more connections");

    private final Simulation sim;
    private final SshSpec spec;
    private final BreakingPointLog log;
    private final List<LimitedPool> connections = new ArrayList<>();
    private final List<ArrayDeque<Waiting>> waiting = new ArrayList<>();
    private final Tally waits = new Tally("ssh.wait", false);
    private long opened;
    private long refused;
    private long retried;
    private double firstS = Double.NaN;
    private double lastS = Double.NaN;

    public Sshd(Simulation sim, SshSpec spec, BreakingPointLog log) {
        this.sim = sim;
        this.spec = spec;
        this.log = log;
    }

    /**
     * Opens session {@code index} on connection {@code index mod connections}, runs it for
     * {@code sessionS}, and calls {@code done.onEvent(data)} when it has closed or was refused.
     */
    public void session(int index, int connectionCount, double sessionS, boolean retry, EventHandler done, int data) {
        if (Double.isNaN(firstS)) firstS = sim.nowSeconds();
        while (connections.size() < connectionCount) {
            connections.add(new LimitedPool(SESSIONS, spec.maxSessions(), log, false));
            waiting.add(new ArrayDeque<>());
        }
        int c = Math.floorMod(index, connectionCount);
        LimitedPool conn = connections.get(c);
        String who = String.format("session-%03d (connection %d)", index + 1, c + 1);
        if (conn.tryAcquire(sim.now(), who, 1)) {
            run(c, sessionS, done, data, sim.now());
            return;
        }
        refused++;
        if (!retry) {
            lastS = Math.max(Double.isNaN(lastS) ? 0 : lastS, sim.nowSeconds());
            sim.schedule(0, done, data); // through the event list: a caller may still be launching sessions
            return;
        }
        retried++;
        waiting.get(c).add(new Waiting(sessionS, done, data, sim.now()));
    }

    /** A refused session the script retries when the connection has room. */
    private record Waiting(double sessionS, EventHandler done, int data, long sinceNs) {
    }

    private void run(int c, double sessionS, EventHandler done, int data, long requestedNs) {
        opened++;
        waits.add((sim.now() - requestedNs) / 1e9);
        sim.schedule(Math.round(sessionS * Simulation.NS_PER_S), d -> {
            connections.get(c).release(sim.now(), 1);
            lastS = sim.nowSeconds();
            Waiting w = waiting.get(c).poll();
            if (w != null) {
                connections.get(c).takeRefused(sim.now(), 1);   // the retried session is no longer refused demand
                run(c, w.sessionS(), w.done(), w.data(), w.sinceNs());
            }
            done.onEvent(d);
        }, data);
    }

    /** One session pool per connection: each one's refused sessions count toward MaxSessions' suggestion. */
    @Override
    public List<LimitedPool> limits() {
        return List.copyOf(connections);
    }

    public boolean used() {
        return opened + refused > 0;
    }

    @Override
    public void report(MetricSink m) {
        if (!used()) return;
        m.count("ssh.sessions.opened", (double) opened);
        m.count("ssh.sessions.refused", (double) refused);
        m.count("ssh.sessions.retried", (double) retried);
        m.time("ssh.wait.maxS", Unit.S, waits.count() == 0 ? 0 : waits.max());
        m.time("ssh.totalS", Unit.S, lastS - firstS);
        long hw = 0;
        for (LimitedPool p : connections) hw = Math.max(hw, p.highWater());
        m.highWater("sshd.sessions", Unit.COUNT, (double) hw);
        m.limit("sshd.sessions", Unit.COUNT, (double) spec.maxSessions());
    }
}
