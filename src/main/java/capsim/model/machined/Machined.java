package capsim.model.machined;

import capsim.model.common.HostComponent;
import capsim.measure.Unit;
import capsim.measure.MetricSink;
import capsim.kernel.EventHandler;
import capsim.kernel.IntFifo;
import capsim.kernel.Simulation;
import capsim.resource.FairShareCpus;
import capsim.stat.Tally;
import capsim.model.common.Timing;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * systemd-machined at run time: a single-threaded D-Bus server. Calls arrive on its socket; when
 * the loop wakes it reads everything pending into its buffer and dispatches from the buffer, one
 * call at a time. What the loop does before sleeping again is the {@link MessageLoop}: the fixed
 * loop empties the buffer first; the pre-v219 loop reads the socket once more after dispatching
 * and sleeps with those messages in its buffer, so they wait until some later message arrives.
 * The caller (libvirt) gives up after the D-Bus call timeout.
 *
 * <p>Nothing here knows how many guests are starting: hangs come from calls that arrive while
 * machined is busy and from whether anything arrives after them.
 */
public final class Machined implements HostComponent {
    /** A call that waits at least this long is counted as a hang in the report. */
    public static final double HANG_S = 1.0;

    private static final byte SENT = 0, DONE = 1, TIMED_OUT = 2;

    private final Simulation sim;
    private final MachinedSpec spec;
    private final double spread;
    private final RandomGenerator rng;
    private final long timeoutNs;

    // one slot per call, in arrival order
    private EventHandler[] caller = new EventHandler[64];
    private int[] okData = new int[64];
    private int[] timeoutData = new int[64];
    private long[] arrivalNs = new long[64];
    private long[] timer = new long[64];
    private byte[] state = new byte[64];
    private boolean[] stranded = new boolean[64];
    private int calls;

    private final IntFifo socket = new IntFifo();
    private final IntFifo buffer = new IntFifo();
    private boolean busy;
    private int toDispatch;      // pre-v219: buffered calls this wake-up dispatches

    private final Tally waits = new Tally("machined.wait", true);
    private long strandedCalls;
    private int firstStranded = -1;
    private long timeouts;
    private long hangs;
    private long staleServed;
    private final EventHandler serviceEnd = this::serviceEnd;
    private final EventHandler timeout = this::timeout;

    private final FairShareCpus.ThreadClass cpu;

    /** @param cpu the CPUs machined's one thread runs its calls on */
    public Machined(Simulation sim, MachinedSpec spec, double timingSpread, FairShareCpus.ThreadClass cpu) {
        this.sim = sim;
        this.cpu = cpu;
        this.spec = spec;
        this.spread = timingSpread;
        this.rng = sim.streams().stream("machined.service");
        this.timeoutNs = (long) Timing.sToNs(spec.callTimeoutS());
    }

    /**
     * One CreateMachine call: {@code h.onEvent(ok)} when machined has answered, or
     * {@code h.onEvent(timedOut)} when the caller's D-Bus timeout expires first.
     */
    public void createMachine(EventHandler h, int ok, int timedOut) {
        int id = calls++;
        if (id == caller.length) grow();
        caller[id] = h;
        okData[id] = ok;
        timeoutData[id] = timedOut;
        arrivalNs[id] = sim.now();
        state[id] = SENT;
        timer[id] = sim.schedule(timeoutNs, timeout, id);
        socket.add(id);
        if (!busy) wake();
    }

    /** The socket became readable while the loop slept in poll(). */
    private void wake() {
        busy = true;
        readSocket();
        toDispatch = buffer.size();
        dispatchNext();
    }

    private void readSocket() {
        while (socket.size() > 0) buffer.add(socket.poll());
    }

    private void dispatchNext() {
        if (spec.messageLoop() == MessageLoop.FIXED) {
            readSocket();
            if (buffer.size() == 0) {
                busy = false;
                return;
            }
        } else if (toDispatch == 0) {
            // the pre-v219 loop's last read: what it takes in stays in the buffer while it sleeps
            int from = buffer.size();
            readSocket();
            for (int i = from; i < buffer.size(); i++) {
                int id = buffer.get(i);
                stranded[id] = true;
                strandedCalls++;
                if (firstStranded < 0) firstStranded = id;
            }
            busy = false;
            return;
        } else {
            toDispatch--;
        }
        int id = buffer.poll();
        cpu.run(Timing.draw(Timing.msToNs(spec.createMachineMs()), spread, rng), serviceEnd, id);
    }

    private void serviceEnd(int id) {
        dispatchNext();
        if (state[id] != SENT) {
            staleServed++;    // libvirt gave up on it; machined still does the work
            return;
        }
        state[id] = DONE;
        sim.cancel(timer[id]);
        double w = (sim.now() - arrivalNs[id]) / 1e9;
        waits.add(w);
        if (w >= HANG_S) hangs++;
        EventHandler h = caller[id];
        caller[id] = null;
        h.onEvent(okData[id]);
    }

    private void timeout(int id) {
        if (state[id] != SENT) return;
        state[id] = TIMED_OUT;
        timeouts++;
        EventHandler h = caller[id];
        caller[id] = null;
        h.onEvent(timeoutData[id]);
    }

    private void grow() {
        int n = caller.length * 2;
        caller = Arrays.copyOf(caller, n);
        okData = Arrays.copyOf(okData, n);
        timeoutData = Arrays.copyOf(timeoutData, n);
        arrivalNs = Arrays.copyOf(arrivalNs, n);
        timer = Arrays.copyOf(timer, n);
        state = Arrays.copyOf(state, n);
        stranded = Arrays.copyOf(stranded, n);
    }

    public MachinedSpec spec() {
        return spec;
    }

    /** Time from sending to the answer, for calls that were answered in time, s. */
    public Tally waits() {
        return waits;
    }

    public long calls() {
        return calls;
    }

    /** Calls that sat in the buffer while the loop slept. */
    public long strandedCalls() {
        return strandedCalls;
    }

    /** Whether call {@code id} (0-based, in arrival order) sat in the buffer while the loop slept. */
    public boolean wasStranded(int id) {
        return stranded[id];
    }

    /** The 1-based number of the first call that sat in the buffer while the loop slept, or 0. */
    public int firstStrandedCall() {
        return firstStranded + 1;
    }

    public long timeouts() {
        return timeouts;
    }

    /** Calls answered after {@link #HANG_S} or more. */
    public long hangs() {
        return hangs;
    }

    /** Calls machined served after the caller had given up. */
    public long staleServed() {
        return staleServed;
    }

    @Override
    public void report(MetricSink m) {
        m.count("machined.calls", (double) calls);
        m.count("machined.stranded", (double) strandedCalls);
        if (firstStranded >= 0) m.count("machined.firstStranded.call", (double) (firstStranded + 1));
        m.count("machined.hangs", (double) hangs);
        m.count("machined.timeouts", (double) timeouts);
        if (waits.count() > 0) {
            m.time("machined.wait.p50S", Unit.S, waits.percentile(50));
            m.time("machined.wait.p99S", Unit.S, waits.percentile(99));
            m.time("machined.wait.maxS", Unit.S, waits.max());
        }
    }
}
