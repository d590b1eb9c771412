package capsim.model.common;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelVersionTest {
    private static final List<String> IPV6_MAX_SIZE_REMOVED = List.of("6.3", "6.1.73", "5.10.208", "4.19.305");

    @Test
    void parsesDistributionStrings() {
        assertEquals(new KernelVersion(5, 10, 0), KernelVersion.parse("5.10.0-28-amd64"));
        assertEquals(new KernelVersion(4, 1, 0), KernelVersion.parse("4.1"));
        assertEquals(new KernelVersion(6, 1, 73), KernelVersion.parse("6.1.73"));
        assertThrows(IllegalArgumentException.class, () -> KernelVersion.parse("six"));
    }

    @Test
    void aChangeIsInTheMainlineReleaseAndInItsBackportsOnly() {
        assertTrue(KernelVersion.parse("6.3").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertTrue(KernelVersion.parse("6.8.1").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertTrue(KernelVersion.parse("6.1.73").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertFalse(KernelVersion.parse("6.1.72").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertFalse(KernelVersion.parse("6.2.16").hasChange(IPV6_MAX_SIZE_REMOVED), "6.2 got no backport");
        assertTrue(KernelVersion.parse("5.10.208").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertFalse(KernelVersion.parse("4.19.304").hasChange(IPV6_MAX_SIZE_REMOVED));
        assertFalse(KernelVersion.parse("4.1").hasChange(IPV6_MAX_SIZE_REMOVED));
    }
}
