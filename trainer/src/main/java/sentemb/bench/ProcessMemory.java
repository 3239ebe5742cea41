package sentemb.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sentemb.engine.NativeHeap;

/**
 * Memory of this process as Linux reports it ({@code /proc/self/status}: VmRSS now, VmHWM the
 * peak), the JVM heap, and the number of live arrays a DJL manager tree holds. The native
 * tensors live outside the heap, so RSS is the number that matters for them.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final double MIB = 1024.0 * 1024.0;

    private ProcessMemory() {}

    /** Resident and peak resident set, in KiB; -1 where the system does not say. */
    record Rss(long currentKb, long peakKb) {
        double currentMb() {
            return currentKb < 0 ? Double.NaN : currentKb / 1024.0;
        }

        double peakMb() {
            return peakKb < 0 ? Double.NaN : peakKb / 1024.0;
        }
    }

    static Rss rss() {
        try {
            return parse(Files.readString(STATUS, StandardCharsets.US_ASCII));
        } catch (IOException | UnsupportedOperationException e) {
            return new Rss(-1, -1);
        }
    }

    /** Reads {@code VmRSS:} and {@code VmHWM:} (kB) out of a {@code /proc/<pid>/status} text. */
    static Rss parse(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            }
        }
        return new Rss(rss, hwm);
    }

    private static long kb(String line) {
        String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        if (f.length != 2 || !f[1].equals("kB")) {
            throw new IllegalArgumentException("/proc/self/status: cannot read '" + line + "' (expected '<n> kB')");
        }
        return Long.parseLong(f[0]);
    }

    /**
     * Resets the peak (VmHWM) to the current RSS by writing 5 to {@code /proc/self/clear_refs}
     * (Linux 4.0+), so each benchmark case reports its own peak.
     *
     * @return false when the system does not allow it (peaks are then process-wide)
     */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * Hands memory that is free but still mapped back to the system: a full GC, then glibc's
     * {@code malloc_trim(0)}. glibc keeps freed tensor memory in its arenas, so without this the
     * RSS of one benchmark case would include what earlier cases left behind. Returns false where
     * there is no glibc (the numbers are then process-wide).
     */
    static boolean releaseFreedMemory() {
        System.gc();
        return NativeHeap.system().trim().isPresent();
    }

    /**
     * Starts a measured case: frees what earlier cases left ({@link #releaseFreedMemory}) and
     * resets the peak to the current RSS ({@link #resetPeak}).
     *
     * @return false when the peak could not be reset (the system does not allow it)
     */
    static boolean startCase() {
        releaseFreedMemory();
        return resetPeak();
    }

    /** Heap in use now, garbage included. */
    static double heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Heap the JVM has committed (what the heap can contribute to RSS). */
    static double heapCommittedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / MIB;
    }

    /** Heap still reachable: used heap after asking for a full collection. */
    static double liveHeapMb() {
        System.gc();
        System.gc();
        return heapUsedMb();
    }

    /** Open arrays attached to {@code manager} or any of its open sub-managers. */
    static int managedArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }
}
