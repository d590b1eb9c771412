package capsim.validate.probe;

import capsim.hostdetect.CpuTimes;
import capsim.validate.calibration.LeastSquaresFit;

import capsim.validate.host.ThreadAffinity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * wakeup: what waking a thread and serving events costs on this host, the two inputs of a
 * thread-per-device against a shared-event-loop model (F23), measured in the JVM alone:
 *
 * <ul>
 *   <li>wake-up + switch: two threads hand a turn back and forth N times, each blocking until
 *   woken (LockSupport.park / unpark: a futex wait and wake; and a blocking pipe read woken by
 *   a one-byte write, as a device thread blocked on its fd is), no spinning, no pinning: half a
 *   round trip is one wake-up of a sleeping thread and the switch to it;</li>
 *   <li>one event-loop iteration serving M ready sources: M pipes each made readable, then one
 *   thread's select (epoll_wait) and one read per ready pipe, timed for M = 1, 2, 4 … N; fitted as
 *   base + per-source × M.</li>
 * </ul>
 *
 * Each figure is the fastest of --repeat runs (other work on a shared host only adds time), after
 * an untimed warm-up; the median is noted. No model predicts them yet: they are measurements
 * (the result's "measurements") for the model files to cite.
 */
final class WakeupProbe implements Probe {
    private static final Info INFO = new Info("wakeup",
            "the cost of waking a thread and switching to it (ping-pong) and of one event-loop iteration serving M ready fds (select + reads), µs",
            Needs.NOTHING, 64, 256);

    private final int roundTrips;
    private final int iterations;

    WakeupProbe() {
        this(20_000, 2_000);
    }

    /**
     * @param roundTrips hand-offs there and back per ping-pong run
     * @param iterations event-loop iterations per M and run
     */
    WakeupProbe(int roundTrips, int iterations) {
        this.roundTrips = roundTrips;
        this.iterations = iterations;
    }

    public Info info() {
        return INFO;
    }

    @Override
    public ProbeResult run(ProbeContext ctx) throws Exception {
        ProbeResult r = new ProbeResult(name());
        int repeat = ctx.settings().repeat();
        double background = CpuTimes.busyOver(ConcurrentStartsProbe.BACKGROUND_WINDOW);
        r.measurement("backgroundBusy", background, "fraction", "the machine's busy fraction over the "
                + ConcurrentStartsProbe.BACKGROUND_WINDOW.toSeconds() + " s before the probe, /proc/stat, all " + CpuTimes.read().cpus() + " CPUs");

        List<Placement> placements = new ArrayList<>(List.of(Placement.FREE));
        int cpus = Runtime.getRuntime().availableProcessors();
        if (ThreadAffinity.available()) {
            placements.add(Placement.SAME_CPU);
            if (cpus >= 2) placements.add(Placement.CROSS_CPU);
        } else {
            r.note("pinned ping-pongs not measured: " + capsim.validate.host.Program.TASKSET.missing());
        }
        for (Handoff how : Handoff.values()) {
            for (Placement where : placements) {
                pingPong(how, where, roundTrips / 10);
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < repeat; i++) v.add(pingPong(how, where, roundTrips));
                String what = how == Handoff.PARK ? "LockSupport.park/unpark" : "a blocking pipe read woken by a 1-byte write";
                String placed = switch (where) {
                    case FREE -> "threads not pinned";
                    case SAME_CPU -> "both threads pinned to CPU 0 (taskset)";
                    case CROSS_CPU -> "threads pinned to CPUs 0 and 1 (taskset)";
                };
                String key = "wakeup" + (how == Handoff.PARK ? "Park" : "Pipe") + switch (where) {
                    case FREE -> "";
                    case SAME_CPU -> "SameCpu";
                    case CROSS_CPU -> "CrossCpu";
                } + "Us";
                r.measurement(key, ProbeContext.fastest(v), "µs", String.format(Locale.ROOT,
                        "%s ping-pong between two threads, %s, %d round trips: half a round trip, fastest of %d (median %.2f µs, slowest %.2f µs)",
                        what, placed, roundTrips, repeat, ProbeContext.median(v), v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
            }
        }

        int maxSources = ctx.n(this);
        List<Integer> ms = new ArrayList<>();
        for (int m = 1; m < maxSources; m *= 2) ms.add(m);
        ms.add(maxSources);
        double[] x = new double[ms.size()];
        double[] y = new double[ms.size()];
        eventLoopIterationUs(maxSources, iterations / 4);
        for (int j = 0; j < ms.size(); j++) {
            int m = ms.get(j);
            List<Double> it = new ArrayList<>();
            for (int i = 0; i < repeat; i++) it.add(eventLoopIterationUs(m, iterations));
            x[j] = m;
            y[j] = ProbeContext.fastest(it);
            r.measurement("eventLoopIterationUs.M" + m, y[j], "µs", String.format(Locale.ROOT,
                    "one select + %d pipe reads, %d iterations, fastest of %d (median %.2f µs)", m, iterations, repeat, ProbeContext.median(it)));
        }
        LeastSquaresFit.Result fit = LeastSquaresFit.fit(LeastSquaresFit.LINEAR, x, y);
        String range = "M = " + ms.get(0) + ".." + maxSources;
        r.measurement("eventLoopIterationBaseUs", fit.params()[0], "µs",
                "least squares base + perSource * M over " + range + " (rms " + String.format(Locale.ROOT, "%.3f", fit.rms()) + " µs): an iteration's own cost");
        r.measurement("eventLoopPerSourceUs", fit.params()[1], "µs",
                "least squares base + perSource * M over " + range + ": each ready source served (its read and dispatch)");
        r.note(String.format(Locale.ROOT, "JVM %s on %d CPUs; unpinned, a wake-up lands on the other CPU (an IPI, the sleeping CPU's wake) "
                + "or the same one (a switch): the pinned figures give each case", System.getProperty("java.vm.version"), cpus));
        r.note("the event loop is java.nio's Selector (epoll on Linux) over pipes, the writes that make them ready not timed; "
                + "QEMU's main loop and AioContexts poll their fds and read an eventfd per ready source alike");
        return r;
    }

    /** How the two threads of a ping-pong hand the turn over. */
    enum Handoff {
        /** LockSupport.park / unpark: a futex wait and wake. */
        PARK,
        /** A blocking pipe read woken by a one-byte write. */
        PIPE
    }

    /** Where the two threads run: unpinned, both on CPU 0, or on CPUs 0 and 1 (taskset on each thread's tid). */
    enum Placement {
        FREE(-1, -1), SAME_CPU(0, 0), CROSS_CPU(0, 1);

        final int cpuA;
        final int cpuB;

        Placement(int cpuA, int cpuB) {
            this.cpuA = cpuA;
            this.cpuB = cpuB;
        }
    }

    /**
     * Half the mean round trip of {@code n} hand-offs between two new threads, µs: one wake-up of
     * a blocked thread and the switch to it. Each thread pins itself first where asked.
     */
    static double pingPong(Handoff how, Placement where, int n) throws Exception {
        Pipe there = how == Handoff.PIPE ? Pipe.open() : null;
        Pipe back = how == Handoff.PIPE ? Pipe.open() : null;
        Turn turn = new Turn();
        Thread[] threads = new Thread[2];
        Exception[] failed = new Exception[2];
        long[] elapsed = new long[1];
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(2);
        Runnable initiator = () -> {
            try {
                pin(where.cpuA);
                ready.await();
                ByteBuffer b = ByteBuffer.allocateDirect(1);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (how == Handoff.PARK) {
                        turn.value = 1;
                        LockSupport.unpark(threads[1]);
                        while (turn.value != 0) LockSupport.park(turn);
                    } else {
                        b.clear();
                        b.put((byte) 1).flip();
                        while (b.hasRemaining()) there.sink().write(b);
                        b.clear();
                        while (b.hasRemaining()) if (back.source().read(b) < 0) throw new IOException("pipe closed");
                    }
                }
                elapsed[0] = System.nanoTime() - t0;
            } catch (Exception e) {
                failed[0] = e;
            }
        };
        Runnable partner = () -> {
            try {
                pin(where.cpuB);
                ready.await();
                ByteBuffer b = ByteBuffer.allocateDirect(1);
                for (int i = 0; i < n; i++) {
                    if (how == Handoff.PARK) {
                        while (turn.value != 1) LockSupport.park(turn);
                        turn.value = 0;
                        LockSupport.unpark(threads[0]);
                    } else {
                        b.clear();
                        while (b.hasRemaining()) if (there.source().read(b) < 0) return;
                        b.flip();
                        while (b.hasRemaining()) back.sink().write(b);
                    }
                }
            } catch (Exception e) {
                failed[1] = e;
            }
        };
        threads[0] = new Thread(initiator, "capsim-wakeup-a");
        threads[1] = new Thread(partner, "capsim-wakeup-b");
        try {
            for (Thread t : threads) {
                t.setDaemon(true);
                t.start();
            }
            for (Thread t : threads) t.join();
        } finally {
            for (Pipe p : java.util.Arrays.asList(there, back)) {
                if (p == null) continue;
                p.sink().close();
                p.source().close();
            }
        }
        for (Exception e : failed) if (e != null) throw e;
        return elapsed[0] / 1e3 / n / 2;
    }

    private static final class Turn {
        volatile int value;
    }

    /** Pins the calling thread to {@code cpu}; nothing for -1. */
    static void pin(int cpu) throws IOException {
        if (cpu >= 0) ThreadAffinity.pinCurrentThread(cpu);
    }

    /** The mean time of one event-loop iteration that finds {@code m} pipes ready: select, then read each, µs. */
    static double eventLoopIterationUs(int m, int iterations) throws IOException {
        List<Pipe> pipes = new ArrayList<>();
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < m; i++) {
                Pipe p = Pipe.open();
                pipes.add(p);
                p.source().configureBlocking(false);
                p.source().register(sel, SelectionKey.OP_READ, p);
            }
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            long total = 0;
            for (int it = 0; it < iterations; it++) {
                for (Pipe p : pipes) {
                    one.clear();
                    one.put((byte) 1).flip();
                    p.sink().write(one);
                }
                long t0 = System.nanoTime();
                int served = 0;
                while (served < m) {
                    sel.select();
                    Iterator<SelectionKey> keys = sel.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey k = keys.next();
                        keys.remove();
                        in.clear();
                        if (((Pipe) k.attachment()).source().read(in) > 0) served++;
                    }
                }
                total += System.nanoTime() - t0;
            }
            return total / 1e3 / iterations;
        } finally {
            for (Pipe p : pipes) {
                p.sink().close();
                p.source().close();
            }
        }
    }
}
