package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    @Test
    void readsRssAndPeakFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t40\n";
        ProcessMemory.Rss r = ProcessMemory.parse(status);
        assertEquals(262144, r.currentKb());
        assertEquals(524288, r.peakKb());
        assertEquals(256.0, r.currentMb());
        assertEquals(512.0, r.peakMb());
    }

    @Test
    void missingFieldsAreUnknown() {
        ProcessMemory.Rss r = ProcessMemory.parse("Name:\tjava\n");
        assertEquals(-1, r.currentKb());
        assertEquals(Double.NaN, r.peakMb());
    }

    @Test
    void malformedLineIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessMemory.parse("VmRSS:\t12 MB\n"));
        assertEquals("/proc/self/status: cannot read 'VmRSS:\t12 MB' (expected '<n> kB')", e.getMessage());
    }
}
