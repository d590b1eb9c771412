package capsim.hostdetect;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcFilesTest {
    @Test
    void readsAWholeProcSysValueWhereFilesReadStringReturnsOneByte() throws Exception {
        Path pidMax = Path.of("/proc/sys/kernel/pid_max");
        long expected = Long.parseLong(Files.readAllLines(pidMax).get(0).strip());
        assertTrue(expected > 300, "pid_max is at least 301 on every kernel");
        assertEquals(expected, ProcFiles.readLong(pidMax));
        assertEquals(expected, ProcFiles.sysctl("kernel.pid_max"));
    }

    @Test
    void countsCpuLists() {
        assertEquals(1, ProcFiles.cpuListCount("0"));
        assertEquals(4, ProcFiles.cpuListCount("0-3"));
        assertEquals(8, ProcFiles.cpuListCount("0-3,8-11\n"));
        assertEquals(3, ProcFiles.cpuListCount("0,2,4"));
    }

    @Test
    void readsKeyedKibValuesAndProcessSamples() throws Exception {
        long total = ProcFiles.keyedKiB(Path.of("/proc/meminfo"), "MemTotal").orElseThrow();
        assertTrue(total > 0);
        assertTrue(ProcFiles.keyedKiB(Path.of("/proc/meminfo"), "NoSuchKey").isEmpty());
        ProcSample self = ProcSample.of(ProcessHandle.current().pid());
        assertTrue(self.fds() > 2 && self.threads() > 1 && self.rssKiB() > 1024, self.toString());
        assertEquals(-1, ProcFiles.countEntries(Path.of("/proc/no-such-pid/fd")));
    }
}
