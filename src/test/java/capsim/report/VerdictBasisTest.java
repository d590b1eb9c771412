package capsim.report;

import static org.junit.jupiter.api.Assertions.*;

import capsim.report.Verdict.Basis;
import org.junit.jupiter.api.Test;

class VerdictBasisTest {
    @Test
    void sourcesReadAsDocsSourcesMdUsesTheWords() {
        assertEquals(Basis.STATED, Basis.of("override (fs/aio.c default estimate)"));
        assertEquals(Basis.CALIBRATED, Basis.of("fitted by capsim validate --calibrate on host vm"));
        assertEquals(Basis.CALIBRATED, Basis.of("calibrated on ONE seed point, F8"));
        // an estimate that asks to be calibrated is still an estimate
        assertEquals(Basis.ESTIMATE, Basis.of("estimate; calibrate with capsim validate --calibrate"));
        assertEquals(Basis.ASSUMPTION, Basis.of("assumed: no swap on the LPAR"));
        assertEquals(Basis.MEASURED, Basis.of("measured 14 fds for QEMU 7.2 under TCG"));
        assertEquals(Basis.MEASURED, Basis.of("/sys/devices/system/cpu/online = 0-1, read on host vm by capsim host detect"));
        assertEquals(Basis.LEAD, Basis.of("QEMU 1.4-1.5 (lead)"));
        assertEquals(Basis.DERIVED, Basis.of("derived, not measured on QEMU 2.x"));
        assertEquals(Basis.CITED, Basis.of("fs/aio.c aio_max_nr = 0x10000 (docs/sources.md, kernel §6)"));
    }
}
