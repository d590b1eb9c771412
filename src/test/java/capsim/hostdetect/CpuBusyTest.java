package capsim.hostdetect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuBusyTest {
    @Test
    void busyCpusAreTheBusyShareOfTheJiffiesTimesTheCpus() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var a = CpuBusy.parse(List.of("cpu  100 0 50 800 50 0 0 0 0 0", "cpu0 50 0 25 400 25 0 0 0 0 0"));
        var b = CpuBusy.parse(List.of("cpu  250 0 100 900 50 0 0 0 0 0"));
        // busy +200, idle +100 of 300 jiffies: 2/3 of 2 CPUs
        assertEquals(2.0 * 200 / 300, b.busyCpusSince(a, 2), 1e-12);
    }
}
