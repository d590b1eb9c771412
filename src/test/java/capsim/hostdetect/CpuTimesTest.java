package capsim.hostdetect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/stat and /proc/PID/stat read from fixture text: the machine's busy fraction and a process's CPUs. */
class CpuTimesTest {
    /** Two readings of a 2-CPU machine 1 s (200 ticks of both CPUs) apart. */
    private static final List<String> BEFORE = List.of(
            "cpu  1589821 0 228801 1655009 4533 0 1071 1290 4 0",
            "cpu0 782761 0 99504 855915 846 0 310 661 0 0",
            "cpu1 807059 0 129296 799093 3687 0 761 629 3 0",
            "intr 13331360 0 0 0",
            "ctxt 123456",
            "btime 1700000000",
            "processes 4242",
            "procs_running 2");
    // +120 user, +10 nice, +20 system, +40 idle, +4 iowait, +1 irq, +3 softirq, +2 steal, +50 guest (already in user)
    private static final List<String> AFTER = List.of(
            "cpu  1589941 10 228821 1655049 4537 1 1074 1292 54 0",
            "cpu0 782821 5 99514 855935 848 1 311 662 25 0",
            "cpu1 807119 5 129306 799113 3689 0 762 630 28 0",
            "intr 13331999 0 0 0");

    @Test
    void busyIsEverythingButIdleAndIowaitAndGuestTimeIsNotCountedTwice() {
        CpuTimes a = CpuTimes.parse(BEFORE);
        CpuTimes b = CpuTimes.parse(AFTER);
        assertEquals(2, a.cpus(), "cpu0 and cpu1");
        assertEquals(1589821L + 228801 + 0 + 1071 + 1290, a.busy());
        assertEquals(a.busy() + 1655009 + 4533, a.total());
        // busy 120 + 10 + 20 + 1 + 3 + 2 = 156 of 200 ticks
        assertEquals(156.0 / 200, b.busySince(a), 1e-12);
        assertEquals(2.0 / 200, b.stealSince(a), 1e-12);
        assertTrue(Double.isNaN(a.busySince(a)), "no tick passed");
    }

    @Test
    void aProcessesTicksAreCpusWorthOverTheInterval() {
        CpuTimes a = CpuTimes.parse(BEFORE);
        CpuTimes b = CpuTimes.parse(AFTER);
        // 200 ticks of the machine are 100 ticks of each of its 2 CPUs: 100 ticks of one process are one CPU all the time
        assertEquals(1.0, b.cpusOf(100, a), 1e-12);
        assertEquals(0.25, b.cpusOf(25, a), 1e-12);
    }

    @Test
    void processTicksAreUtimePlusStimeCountedAfterTheCommandName() {
        // a command name with spaces and a ')' of its own: the fields are counted after the last ')'
        String stat = "4242 (qemu (x) 86) S 1 4242 4242 0 -1 4194560 12345 0 0 0 1612 42 0 0 20 0 3 0 1000 1000000 50000 "
                + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1612 + 42, CpuTimes.parseProcessTicks(List.of(stat)));
    }

    @Test
    void withoutTheAggregateLineItRefuses() {
        assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse(List.of("cpu0 1 2 3 4", "intr 5")));
    }

    @Test
    void thisMachinesProcStatReads() throws Exception {
        CpuTimes now = CpuTimes.read();
        assertTrue(now.cpus() >= 1 && now.total() > 0 && now.busy() <= now.total(), now.toString());
        double busy = CpuTimes.busyOver(java.time.Duration.ofMillis(200));
        assertTrue(Double.isNaN(busy) || (busy >= 0 && busy <= 1), "a fraction: " + busy);
        long self = CpuTimes.processTicks(ProcessHandle.current().pid());
        assertTrue(self >= 0);
    }
}
